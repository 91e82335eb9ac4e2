package dev.socketipc.autoconfigure.observation;

import java.nio.file.Path;
import java.time.Duration;

import dev.socketipc.autoconfigure.EnableIpcClients;
import dev.socketipc.autoconfigure.observation.calc.ObservedCalc;
import dev.socketipc.client.IpcConnectionException;
import dev.socketipc.client.IpcRemoteException;
import dev.socketipc.client.IpcTimeoutException;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Every call is timed on both sides, over real sockets, into Spring Boot's
 * SimpleMeterRegistry: {@code ipc.server} and {@code ipc.client} timers tagged with the
 * method and how the call ended.
 */
@Timeout(60)
class IpcObservationsTest {

	private Path directory;

	@BeforeEach
	void createDirectory() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void deleteDirectory() throws Exception {
		SocketPaths.deleteRecursively(this.directory);
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "unix", "tcp" })
	void callIsTimedOnBothSidesWithMethodAndStatus(String transport) throws Exception {
		ObservedContexts.observed(ObservedContexts.address(transport, this.directory)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ObservedCalc.class).add(1, 2, 3)).isEqualTo(6);

			MeterRegistry meters = context.getBean(MeterRegistry.class);
			Timer client = meters.get("ipc.client")
				.tags("rpc.method", "add", "rpc.status_code", "OK", "error.type", "none", "rpc.system.name",
						"socket-ipc", "network.transport", transport, "ipc.server.name", "calc")
				.timer();
			assertThat(client.count()).isOne();
			assertThat(client.getId().getTag("server.address")).isEqualTo(serverAddress(context, transport));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(meters.get("ipc.server")
					.tags("rpc.method", "add", "rpc.status_code", "OK", "error.type", "none", "rpc.system.name",
							"socket-ipc", "network.transport", transport)
					.timer()
					.count()).isOne());
		});
	}

	@Test
	void methodTheServerDoesNotKnowIsTaggedOtherAndMethodNotFound() {
		ObservedContexts.observed("unix:" + this.directory.resolve("calc.sock")).run((context) -> {
			assertThat(context).hasNotFailed();
			IpcServer server = context.getBean(IpcServer.class);
			try (LineClient raw = LineClient.connectAndSkipRegister(server.address().socketAddress())) {
				raw.send("{\"rid\":1,\"method\":\"made-up-by-the-peer\",\"args\":[]}");
				assertThat(raw.readLine()).contains("\"code\":\"METHOD_NOT_FOUND\"");
			}
			assertThatThrownBy(() -> context.getBean(ObservedCalc.class).missing())
				.isInstanceOf(IpcRemoteException.class);

			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(meters.get("ipc.server")
					.tags("rpc.method", "_OTHER", "rpc.status_code", "METHOD_NOT_FOUND", "error.type",
							"METHOD_NOT_FOUND")
					.timer()
					.count()).isOne());
			assertThat(meters.find("ipc.server").tag("rpc.method", "made-up-by-the-peer").timers()).isEmpty();
			assertThat(meters.get("ipc.client")
				.tags("rpc.method", "missing", "rpc.status_code", "METHOD_NOT_FOUND", "error.type", "METHOD_NOT_FOUND")
				.timer()
				.count()).isOne();
		});
	}

	@Test
	void callWithoutAnswerInTimeIsTaggedTimeout() {
		ObservedContexts.observed("unix:" + this.directory.resolve("calc.sock"))
			.withPropertyValues("ipc.client.servers.calc.method-timeouts.slow=200ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThatThrownBy(() -> context.getBean(ObservedCalc.class).slow())
					.isInstanceOf(IpcTimeoutException.class);
				context.getBean(CalcService.class).release();

				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("ipc.client")
					.tags("rpc.method", "slow", "rpc.status_code", "TIMEOUT", "error.type",
							IpcTimeoutException.class.getName())
					.timer()
					.count()).isOne();
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(meters.get("ipc.server")
						.tags("rpc.method", "slow", "rpc.status_code", "OK")
						.timer()
						.count()).isOne());
			});
	}

	@Test
	void callToAServerThatIsDownIsTaggedConnectionFailed() {
		String nobody = "unix:" + this.directory.resolve("nobody.sock");
		new ApplicationContextRunner().withConfiguration(ObservedContexts.MICROMETER)
			.withConfiguration(ObservedContexts.IPC)
			.withUserConfiguration(ClientOnly.class)
			.withPropertyValues("ipc.client.servers.calc.address=" + nobody, "ipc.client.wait-for-ready=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThatThrownBy(() -> context.getBean(ObservedCalc.class).add(1))
					.isInstanceOf(IpcConnectionException.class);
				assertThat(context.getBean(MeterRegistry.class)
					.get("ipc.client")
					.tags("rpc.method", "add", "rpc.status_code", "CONNECTION_FAILED", "error.type",
							IpcConnectionException.class.getName(), "server.address",
							this.directory.resolve("nobody.sock").toString())
					.timer()
					.count()).isOne();
			});
	}

	private static String serverAddress(AssertableApplicationContext context, String transport) {
		IpcServer server = context.getBean(IpcServer.class);
		return transport.equals("unix") ? server.address().toString().substring("unix:".length()) : "127.0.0.1";
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIpcClients(clients = ObservedCalc.class)
	static class ClientOnly {

	}

}
