package dev.socketipc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.socketipc.protocol.WireFeatures;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link IpcConnection#status()} against a real server over a Unix socket: while the
 * server is down (the failure and the next attempt), once it is up (what its register
 * offered), after it stops and after it starts again; and for a seed server.
 */
class ConnectionStatusTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	/** Slow enough that a scheduled attempt is seen, fast enough for the test. */
	private static final ReconnectBackoff BACKOFF = new ReconnectBackoff(Duration.ofMillis(200), Duration.ofMillis(400),
			2.0, 0.0);

	private final List<AutoCloseable> resources = new ArrayList<>();

	private Path directory;

	public static class Calc {

		public int add(int a, int b) {
			return a + b;
		}

	}

	@BeforeEach
	void createDirectory() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void cleanUp() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	@Test
	void statusFollowsTheServerDownUpDownAndUpAgain() {
		IpcAddress address = ClientTestSockets.unixAddress(this.directory, "status.sock");
		IpcConnection connection = IpcConnection.builder(address).reconnectBackoff(BACKOFF).build();
		this.resources.add(connection);
		IpcConnectionStatus initial = connection.status();
		assertThat(initial).isEqualTo(new IpcConnectionStatus(false, null, null, null, List.of(), List.of(), 0));

		connection.connect();
		await().atMost(WAIT).until(() -> connection.status().nextAttempt() != null);
		IpcConnectionStatus down = connection.status();
		assertThat(down.ready()).isFalse();
		assertThat(down.lastFailure()).isNotNull();
		assertThat(down.nextAttempt()).isAfter(Instant.now().minusSeconds(1));
		assertThat(down.protocol()).isNull();

		IpcServer server = IpcServer.builder()
			.address(address)
			.service(ServiceDefinition.of("", new Calc()))
			.shutdownTimeout(Duration.ZERO)
			.build();
		server.start();
		this.resources.add(server::stop);
		await().atMost(WAIT).until(connection::isReady);
		assertThat(connection.status())
			.isEqualTo(new IpcConnectionStatus(true, null, null, 1, WireFeatures.SERVER, List.of("add"), 0));

		server.stop();
		await().atMost(WAIT).until(() -> connection.status().nextAttempt() != null);
		IpcConnectionStatus lost = connection.status();
		assertThat(lost.ready()).isFalse();
		assertThat(lost.lastFailure()).isNotNull();
		assertThat(lost.features()).as("what the last register offered").containsExactlyElementsOf(WireFeatures.SERVER);

		server.start();
		await().atMost(WAIT).until(connection::isReady);
		IpcConnectionStatus again = connection.status();
		assertThat(again.lastFailure()).isNull();
		assertThat(again.nextAttempt()).isNull();
		assertThat(again.protocol()).isOne();
	}

	@Test
	void aSeedServerHasNoProtocolAndNoFeatures() throws Exception {
		ScriptedServer seed = ScriptedServer.start(
				ClientTestSockets.unixAddress(this.directory, "seed.sock").socketAddress(),
				"{\"action\":\"register\",\"methods\":[\"add\",\"time\"]}");
		this.resources.add(seed);
		IpcConnection connection = ClientTestSockets.connection(ClientTestSockets.addressOf(seed));
		this.resources.add(connection);

		connection.connect();
		await().atMost(WAIT).until(connection::isReady);

		assertThat(connection.status())
			.isEqualTo(new IpcConnectionStatus(true, null, null, null, List.of(), List.of("add", "time"), 0));
	}

}
