package dev.socketipc.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.ScriptedServer;
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
 * What a client does when the server is not there, goes away, comes back, or the client
 * itself is closed, over Unix and TCP sockets alike.
 */
class ClientFaultsTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private Path directory;

	private HoldingService service;

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<IpcConnection> connections = new ArrayList<>();

	private final List<ScriptedServer> rawServers = new ArrayList<>();

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		this.service = new HoldingService();
	}

	@AfterEach
	void stopEverything() throws Exception {
		this.connections.forEach(IpcConnection::close);
		this.servers.forEach(IpcServer::stop);
		for (ScriptedServer raw : this.rawServers) {
			raw.close();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	static class HoldingService {

		final CountDownLatch holding = new CountDownLatch(1);

		public int add(int a, int b) {
			return a + b;
		}

		/** Never answers on its own. */
		public CompletableFuture<Integer> hold() {
			this.holding.countDown();
			return new CompletableFuture<>();
		}

	}

	interface Faults {

		CompletableFuture<Integer> add(int a, int b);

		CompletableFuture<Integer> hold();

	}

	interface BlockingAdd {

		int add(int a, int b);

	}

	private IpcServer startServer(IpcAddress address) {
		IpcServer server = ClientTestSockets.startServer(address, this.service);
		this.servers.add(server);
		return server;
	}

	private IpcConnection connect(IpcAddress address) {
		IpcConnection connection = ClientTestSockets.connection(address);
		this.connections.add(connection);
		return connection;
	}

	private static Faults faults(IpcConnection connection) {
		return IpcClientFactory.create(Faults.class, connection, ClientOptions.defaults());
	}

	private static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException {
		try {
			Object value = future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			throw new AssertionError("expected the call to fail, but it answered " + value);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		catch (TimeoutException ex) {
			throw new AssertionError("the call neither answered nor failed within " + WAIT, ex);
		}
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void everyNewConnectionTakesTheRegisterSentTheMomentTheServerAccepts(Transport transport) throws Exception {
		IpcServer server = startServer(transport.bindAddress(this.directory));
		// A Unix connect completes at once, so the register may be read before the
		// connect future's listeners run;
		// a client that adopted its channel only in such a listener dropped that register
		// and never became ready.
		for (int i = 0; i < 250; i++) {
			try (IpcConnection connection = ClientTestSockets.connection(server.address())) {
				Faults client = faults(connection);
				assertThat(client.add(i, 1).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(i + 1);
				assertThat(connection.isReady()).isTrue();
			}
		}
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void connectionLostMidCallFailsThePendingCallAtOnceWithoutResendingIt(Transport transport) throws Exception {
		ScriptedServer raw = ClientTestSockets.startScripted(transport.bindAddress(this.directory), "add", "hold");
		this.rawServers.add(raw);
		IpcConnection connection = connect(ClientTestSockets.addressOf(raw));
		Faults client = faults(connection);

		CompletableFuture<Integer> held = client.hold();
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"hold\",\"args\":[]}");
		assertThat(connection.pendingCalls()).isOne();
		raw.dropConnection();

		assertThat(failureOf(held)).isExactlyInstanceOf(IpcConnectionException.class)
			.hasMessage("IPC call 'hold' failed: the connection to " + ClientTestSockets.addressOf(raw)
					+ " was lost before the answer came; it was not resent");
		assertThat(connection.pendingCalls()).isZero();

		// The client reconnects to the same peer; the first line it sends there is the
		// next call, not the lost one.
		await().atMost(WAIT).until(connection::isReady);
		CompletableFuture<Integer> sum = client.add(2, 3);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":2,\"method\":\"add\",\"args\":[2,3]}");
		raw.send("{\"success\":true,\"rid\":2,\"data\":5}");
		assertThat(sum.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(5);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void serverStoppedMidCallAnswersThePendingCallShuttingDown(Transport transport) throws Exception {
		IpcServer server = startServer(transport.bindAddress(this.directory));
		IpcConnection connection = connect(server.address());
		Faults client = faults(connection);

		CompletableFuture<Integer> held = client.hold();
		assertThat(this.service.holding.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		server.stop();

		assertThat(failureOf(held)).isExactlyInstanceOf(IpcRemoteException.class)
			.hasMessage("IPC method 'hold' failed with SHUTTING_DOWN: "
					+ "the server shut down before method 'hold' finished")
			.satisfies((ex) -> assertThat(((IpcRemoteException) ex).getCode()).isEqualTo(ErrorCode.SHUTTING_DOWN));
		await().atMost(WAIT).until(() -> !connection.isReady());
		assertThat(connection.pendingCalls()).isZero();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void clientReconnectsToAServerRestartedOnTheSameAddress(Transport transport) throws Exception {
		IpcServer first = startServer(transport.bindAddress(this.directory));
		IpcAddress address = first.address();
		IpcConnection connection = connect(address);
		Faults client = faults(connection);
		assertThat(client.add(1, 2).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(3);

		first.stop();
		await().atMost(WAIT).until(() -> !connection.isReady());

		IpcServer second = startServer(address);
		assertThat(second.address()).isEqualTo(address);
		await().atMost(WAIT).until(connection::isReady);
		assertThat(client.add(3, 4).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(7);
		assertThat(client.add(5, 6).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(11);
		assertThat(connection.pendingCalls()).isZero();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void callMadeBeforeTheServerExistsWaitsForItAndSucceeds(Transport transport) throws Exception {
		IpcAddress address = transport.unusedAddress(this.directory);
		IpcConnection connection = connect(address);
		// With wait-for-ready; without it, calls fail fast once an attempt has failed
		// (ClientFailFastTest).
		Faults client = IpcClientFactory.create(Faults.class, connection, new ClientOptions("", WAIT, Map.of(), true));
		BlockingAdd impatient = IpcClientFactory.create(BlockingAdd.class, connection,
				new ClientOptions("", Duration.ofMillis(300), Map.of(), true));
		// A first call gives up after failed attempts, so the next one is made while the
		// client is retrying.
		assertThatExceptionOfType(IpcTimeoutException.class).isThrownBy(() -> impatient.add(1, 1))
			.withMessageContaining("(last attempt: ");

		CompletableFuture<Integer> sum = client.add(20, 22);
		assertThat(sum).isNotDone();
		assertThat(connection.isReady()).isFalse();

		startServer(address);
		assertThat(sum.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(42);
		assertThat(connection.isReady()).isTrue();
		assertThat(connection.pendingCalls()).isZero();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void callFailsNamingTheAddressWhenTheServerNeverComes(Transport transport) throws Exception {
		IpcAddress address = transport.unusedAddress(this.directory);
		IpcConnection connection = connect(address);
		ClientOptions shortTimeout = new ClientOptions("", Duration.ofMillis(300), Map.of(), true);
		BlockingAdd blocking = IpcClientFactory.create(BlockingAdd.class, connection, shortTimeout);
		Faults async = IpcClientFactory.create(Faults.class, connection, shortTimeout);

		assertThatExceptionOfType(IpcTimeoutException.class).isThrownBy(() -> blocking.add(1, 2))
			.withMessageStartingWith("IPC call 'add' could not reach the server at " + address + " within 300ms")
			.withMessageContaining(" (last attempt: ")
			.satisfies((ex) -> assertThat(ex.getTimeout()).isEqualTo(Duration.ofMillis(300)));
		assertThat(failureOf(async.add(1, 2))).isExactlyInstanceOf(IpcTimeoutException.class)
			.hasMessageStartingWith("IPC call 'add' could not reach the server at " + address + " within 300ms");
		assertThat(connection.isReady()).isFalse();
		assertThat(connection.pendingCalls()).isZero();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void closeFailsPendingCallsAndLaterCallsFailAtOnce(Transport transport) throws Exception {
		IpcServer server = startServer(transport.bindAddress(this.directory));
		IpcConnection connection = connect(server.address());
		Faults client = faults(connection);
		BlockingAdd blocking = IpcClientFactory.create(BlockingAdd.class, connection, ClientOptions.defaults());

		CompletableFuture<Integer> held = client.hold();
		assertThat(this.service.holding.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		connection.close();

		assertThat(failureOf(held)).isExactlyInstanceOf(IpcConnectionException.class)
			.hasMessage("IPC call 'hold' failed: the client for " + server.address()
					+ " was closed before the answer came; it was not resent");
		assertThat(connection.pendingCalls()).isZero();
		assertThat(connection.isReady()).isFalse();

		String closed = "IPC call 'add' not sent: the client for " + server.address() + " is closed";
		CompletableFuture<Integer> later = client.add(1, 2);
		assertThat(later).isCompletedExceptionally();
		assertThat(failureOf(later)).isExactlyInstanceOf(IpcConnectionException.class).hasMessage(closed);
		assertThatExceptionOfType(IpcConnectionException.class).isThrownBy(() -> blocking.add(1, 2))
			.withMessage(closed);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void closeFailsCallsStillWaitingForTheServer(Transport transport) throws Exception {
		IpcAddress address = transport.unusedAddress(this.directory);
		IpcConnection connection = connect(address);
		Faults client = IpcClientFactory.create(Faults.class, connection,
				ClientOptions.defaults().withWaitForReady(true));

		CompletableFuture<Integer> waiting = client.add(1, 2);
		assertThat(waiting).isNotDone();
		connection.close();

		assertThat(failureOf(waiting)).isExactlyInstanceOf(IpcConnectionException.class)
			.hasMessage("the client for " + address + " was closed before it connected");
	}

}
