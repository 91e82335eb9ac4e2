package dev.socketipc.server;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stopped server starts again and serves calls, as a {@code SmartLifecycle} stop/start
 * needs.
 */
class ServerRestartTest {

	private Path dir;

	private IpcServer server;

	@AfterEach
	void cleanUp() throws Exception {
		if (this.server != null) {
			this.server.stop();
		}
		if (this.dir != null) {
			Files.deleteIfExists(this.dir);
		}
	}

	@Test
	void stoppedServerServesCallsAfterStartingAgain() throws Exception {
		this.dir = SocketPaths.newSocketDirectory();
		this.server = IpcServer.builder()
			.address(new IpcAddress.Unix(this.dir.resolve("r.sock")))
			.service(ServiceDefinition.of("", new Adder()))
			.build();
		this.server.start();
		assertThat(add(3, 4)).isEqualTo("{\"success\":true,\"rid\":1,\"data\":7}");
		this.server.stop();
		assertThat(this.server.isRunning()).isFalse();

		this.server.start();

		assertThat(this.server.isRunning()).isTrue();
		assertThat(add(5, 6)).isEqualTo("{\"success\":true,\"rid\":1,\"data\":11}");
	}

	private String add(int a, int b) throws Exception {
		try (LineClient client = LineClient.connectAndSkipRegister(this.server.address().socketAddress())) {
			client.call(1, "add", a, b);
			return client.readLine();
		}
	}

	public static class Adder {

		public int add(int a, int b) {
			return a + b;
		}

	}

}
