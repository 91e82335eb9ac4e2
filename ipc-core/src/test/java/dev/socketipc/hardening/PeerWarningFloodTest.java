package dev.socketipc.hardening;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A peer that keeps causing the same warning (too-long lines, connections past the limit)
 * gets one log line per interval, not one per offence.
 */
@ExtendWith(OutputCaptureExtension.class)
class PeerWarningFloodTest {

	private static final int OFFENCES = 30;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void cleanUp() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void tooLongLinesAreLoggedOncePerInterval(CapturedOutput output) throws IOException {
		IpcServer server = start(IpcServer.builder().maxLineLength(64));

		for (int i = 0; i < OFFENCES; i++) {
			LineClient client = track(LineClient.connectAndSkipRegister(server.address().socketAddress()));
			client.send("x".repeat(200));
			assertThat(JsonMapper.shared().readTree(client.readLine()).get("code").stringValue())
				.isEqualTo("TOO_LARGE");
			await().atMost(Duration.ofSeconds(10)).until(client::isClosedByServer);
		}

		assertThat(count(output, "exceeded max-line-length")).isOne();
	}

	@Test
	void refusedConnectionsAreLoggedOncePerInterval(CapturedOutput output) throws IOException {
		IpcServer server = start(IpcServer.builder().maxConnections(1));
		track(LineClient.connectAndSkipRegister(server.address().socketAddress()));

		for (int i = 0; i < OFFENCES; i++) {
			LineClient refused = track(LineClient.connect(server.address().socketAddress()));
			assertThat(JsonMapper.shared().readTree(refused.readLine()).get("code").stringValue())
				.isEqualTo("OVERLOADED");
			await().atMost(Duration.ofSeconds(10)).until(refused::isClosedByServer);
		}

		assertThat(count(output, "Refusing connection")).isOne();
	}

	private IpcServer start(IpcServerBuilder builder) {
		IpcServer server = builder.address(IpcAddress.parse("tcp://127.0.0.1:0"))
			.service(ServiceDefinition.of("", new Object() {
				public int one() {
					return 1;
				}
			}))
			.build();
		server.start();
		this.resources.add(server::stop);
		return server;
	}

	private LineClient track(LineClient client) {
		this.resources.add(client);
		return client;
	}

	private static int count(CapturedOutput output, String text) {
		return output.getOut().split(Pattern.quote(text), -1).length - 1;
	}

}
