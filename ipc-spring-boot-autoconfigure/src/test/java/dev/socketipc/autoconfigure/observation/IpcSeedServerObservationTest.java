package dev.socketipc.autoconfigure.observation;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.socketipc.autoconfigure.EnableIpcClients;
import dev.socketipc.autoconfigure.observation.calc.ObservedCalc;
import dev.socketipc.testsupport.NodeProcess;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.SocketPaths;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With tracing on, a client sends a trace's {@code meta} only to a server whose register
 * lists {@code meta}: a seed server, and a current server without that feature, never see
 * it, and their calls succeed and are observed.
 */
@Timeout(60)
class IpcSeedServerObservationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Path directory;

	@BeforeEach
	void createDirectory() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void deleteDirectory() throws Exception {
		SocketPaths.deleteRecursively(this.directory);
	}

	private ApplicationContextRunner tracedClient(String address) {
		return new ApplicationContextRunner().withConfiguration(ObservedContexts.MICROMETER)
			.withConfiguration(ObservedContexts.IPC)
			.withConfiguration(
					AutoConfigurations.of(MicrometerTracingAutoConfiguration.class, BraveAutoConfiguration.class))
			.withUserConfiguration(ClientOnly.class)
			.withPropertyValues("ipc.client.servers.calc.address=" + address, "ipc.client.timeout=10s",
					"management.tracing.sampling.probability=1.0");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "seed server|{\"action\":\"register\",\"methods\":[\"add\"]}|false",
			"current server without meta|{\"action\":\"register\",\"methods\":[\"add\"],\"protocol\":1,\"features\":[\"ping\"]}|false",
			"server with meta|{\"action\":\"register\",\"methods\":[\"add\"],\"protocol\":1,\"features\":[\"ping\",\"meta\"]}|true" })
	void traceMetaGoesOnlyToServersListingMeta(String server, String register, boolean sendsMeta) throws Exception {
		Path socket = SocketPaths.socketFile(this.directory, "scripted.sock");
		try (ScriptedServer scripted = ScriptedServer.start(UnixDomainSocketAddress.of(socket), register)) {
			tracedClient("unix:" + socket).run((context) -> {
				assertThat(context).hasNotFailed();
				ObservedCalc calc = context.getBean(ObservedCalc.class);
				CompletableFuture<Integer> sum = CompletableFuture.supplyAsync(() -> calc.add(1, 2));

				JsonNode request = nextRequest(scripted);
				scripted.send("{\"success\":true,\"rid\":" + request.get("rid") + ",\"data\":3}");

				assertThat(sum.get()).isEqualTo(3);
				if (sendsMeta) {
					assertThat(request.get("meta").get("traceparent").stringValue())
						.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
				}
				else {
					assertThat(request.has("meta")).as("request line to a %s", server).isFalse();
				}
				assertThat(context.getBean(MeterRegistry.class)
					.get("ipc.client")
					.tags("rpc.method", "add", "rpc.status_code", "OK")
					.timer()
					.count()).isOne();
			});
		}
	}

	@Test
	void callsToTheNodeSeedServerSucceedAndAreObserved() throws Exception {
		NodeProcess node = NodeProcess.require();
		String requested = "unix:" + SocketPaths.socketFile(this.directory, "seed.sock");
		try (NodeProcess.Running seed = node.start(node.interopScript("seed-server.js").toString(), requested)) {
			assertThat(seed.nextStdoutLine(Duration.ofSeconds(30))).isEqualTo("listening " + requested);
			tracedClient(requested).run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ObservedCalc.class).add(1, 2, 3, 4, 5)).isEqualTo(15);
				assertThat(context.getBean(ObservedCalc.class).add(6)).isEqualTo(6);
				assertThat(context.getBean(MeterRegistry.class)
					.get("ipc.client")
					.tags("rpc.method", "add", "rpc.status_code", "OK", "error.type", "none")
					.timer()
					.count()).isEqualTo(2);
			});
		}
	}

	/** The next line with a method, skipping pings. */
	private static JsonNode nextRequest(ScriptedServer scripted) throws InterruptedException {
		for (;;) {
			String line = scripted.nextLine();
			assertThat(line).as("a request line").isNotNull();
			JsonNode node = JSON.readTree(line);
			if (node.has("method")) {
				return node;
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIpcClients(clients = ObservedCalc.class)
	static class ClientOnly {

	}

}
