package dev.socketipc.hardening;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcConnectionException;
import dev.socketipc.hardening.TestSockets.Transport;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A client whose server process is killed with {@code SIGKILL} in the middle of calls:
 * every pending call fails promptly with {@link IpcConnectionException} instead of
 * hanging, and the client reconnects to a server restarted on the same address.
 */
class ServerCrashTest {

	private static final int IN_FLIGHT = 50;

	private Path directory;

	private final List<ServerProcess> processes = new ArrayList<>();

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<IpcConnection> connections = new ArrayList<>();

	@BeforeEach
	void setUp() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void tearDown() throws Exception {
		this.connections.forEach(IpcConnection::close);
		this.servers.forEach(IpcServer::stop);
		for (ServerProcess process : this.processes) {
			process.close();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	interface Child {

		CompletableFuture<Integer> hold();

		CompletableFuture<Integer> add(int a, int b);

	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void serverKilledMidCallFailsEveryPendingCallAndARestartedServerIsReconnected(Transport transport)
			throws Exception {
		ServerProcess child = ServerProcess.start(transport.bindAddress(this.directory),
				this.directory.resolve("child.log"));
		this.processes.add(child);
		IpcAddress address = child.address();
		IpcConnection connection = IpcConnection.builder(address).reconnectBackoff(TestSockets.FAST_BACKOFF).build();
		this.connections.add(connection);
		// A long timeout, so that only the lost connection can fail the calls.
		Child client = IpcClientFactory.create(Child.class, connection,
				new ClientOptions("", Duration.ofMinutes(1), Map.of()));
		List<CompletableFuture<Integer>> held = new ArrayList<>();
		for (int i = 0; i < IN_FLIGHT; i++) {
			held.add(client.hold());
		}
		// Answered after the server read every hold before it on the connection.
		assertThat(client.add(1, 2).get(TestSockets.WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(3);
		assertThat(connection.pendingCalls()).isEqualTo(IN_FLIGHT);

		child.kill();

		for (CompletableFuture<Integer> call : held) {
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> call.get(5, TimeUnit.SECONDS))
				.havingCause()
				.isExactlyInstanceOf(IpcConnectionException.class)
				.withMessage("IPC call 'hold' failed: the connection to " + address
						+ " was lost before the answer came; it was not resent");
		}
		assertThat(connection.pendingCalls()).isZero();

		IpcServer restarted = IpcServer.builder()
			.address(address)
			.service(ServiceDefinition.of("", new ServerProcessMain.ChildService()))
			.shutdownTimeout(Duration.ZERO)
			.build();
		this.servers.add(restarted);
		restarted.start();
		await().atMost(TestSockets.WAIT).until(connection::isReady);
		assertThat(client.add(20, 22).get(TestSockets.WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(42);
	}

}
