package dev.socketipc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.ScriptedServer.OnAccept;
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
 * While the server is unavailable (a connection attempt failed and none has succeeded
 * since) calls fail at once, as gRPC's do by default, unless they wait for ready; calls
 * made while the first attempt is in progress wait for it.
 */
class ClientFailFastTest {

	/** Long enough that a call ending by its timeout would fail the test's own wait. */
	private static final ClientOptions FAIL_FAST = new ClientOptions("", Duration.ofMinutes(5), Map.of());

	private static final Duration WAIT = Duration.ofSeconds(10);

	private Path directory;

	private ScriptedServer raw;

	private IpcServer server;

	private IpcConnection connection;

	@BeforeEach
	void createDirectory() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void stop() throws Exception {
		if (this.connection != null) {
			this.connection.close();
		}
		if (this.raw != null) {
			this.raw.close();
		}
		if (this.server != null) {
			this.server.stop();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	interface Calc {

		CompletableFuture<Integer> add(int a, int b);

		int addNow(int a, int b);

	}

	public static class CalcService {

		public int add(int a, int b) {
			return a + b;
		}

		public int addNow(int a, int b) {
			return a + b;
		}

	}

	private Calc client(IpcAddress address, ClientOptions options) {
		this.connection = ClientTestSockets.connection(address);
		return IpcClientFactory.create(Calc.class, this.connection, options);
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
	void serverDownFailsTheCallsAtOnceInsteadOfWaitingTheirTimeout(Transport transport) throws Exception {
		IpcAddress address = transport.unusedAddress(this.directory);
		Calc client = client(address, FAIL_FAST);
		String unavailable = "IPC call 'add' not sent: the server at " + address + " is unavailable (last attempt: ";

		// Made while the first attempt is in progress: it waits for that attempt, which
		// fails.
		assertThat(failureOf(client.add(1, 2))).isExactlyInstanceOf(IpcConnectionException.class)
			.hasMessageStartingWith(unavailable)
			.hasMessageEndingWith("; the client keeps reconnecting in the background, and a call made with "
					+ "wait-for-ready waits for it");
		// Made while the client is backing off: it fails before call() returns, blocking
		// or not.
		CompletableFuture<Integer> later = client.add(3, 4);
		assertThat(later).isCompletedExceptionally();
		assertThat(failureOf(later)).isExactlyInstanceOf(IpcConnectionException.class)
			.hasMessageStartingWith(unavailable);
		assertThatExceptionOfType(IpcConnectionException.class).isThrownBy(() -> client.addNow(5, 6))
			.withMessageStartingWith("IPC call 'addNow' not sent: the server at " + address + " is unavailable");
		assertThat(this.connection.waitingCalls()).isZero();
		assertThat(this.connection.pendingCalls()).isZero();

		// The client keeps reconnecting: once the server is up, calls go through again.
		this.server = ClientTestSockets.startServer(address, new CalcService());
		await().atMost(WAIT).until(this.connection::isReady);
		assertThat(client.addNow(5, 6)).isEqualTo(11);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void waitForReadyCallsWaitThroughTheBackoffForTheServer(Transport transport) throws Exception {
		IpcAddress address = transport.unusedAddress(this.directory);
		Calc failFast = client(address, FAIL_FAST);
		Calc patient = IpcClientFactory.create(Calc.class, this.connection, FAIL_FAST.withWaitForReady(true));
		assertThat(failureOf(failFast.add(1, 2))).isExactlyInstanceOf(IpcConnectionException.class);

		CompletableFuture<Integer> waiting = patient.add(20, 22);
		assertThat(waiting).isNotDone();
		assertThat(failFast.add(1, 2)).isCompletedExceptionally();
		assertThat(waiting).isNotDone();

		this.server = ClientTestSockets.startServer(address, new CalcService());
		assertThat(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(42);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void callsMadeWhileTheFirstAttemptIsInProgressWaitForIt(Transport transport) throws Exception {
		this.raw = ClientTestSockets.startScripted(transport.bindAddress(this.directory), OnAccept.WAIT, "add",
				"addNow");
		Calc client = client(ClientTestSockets.addressOf(this.raw), FAIL_FAST);

		CompletableFuture<Integer> first = client.add(1, 2);
		await().atMost(WAIT).until(this.raw::hasClient);
		CompletableFuture<Integer> second = client.add(3, 4);
		assertThat(first).isNotDone();
		assertThat(second).isNotDone();
		assertThat(this.connection.waitingCalls()).isEqualTo(2);

		this.raw.sendRegister();
		assertThat(this.raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"add\",\"args\":[1,2]}");
		assertThat(this.raw.nextLine()).isEqualTo("{\"rid\":2,\"method\":\"add\",\"args\":[3,4]}");
		this.raw.send("{\"success\":true,\"rid\":2,\"data\":7}");
		this.raw.send("{\"success\":true,\"rid\":1,\"data\":3}");
		assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(3);
		assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(7);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void serverClosingBeforeItsRegisterFailsTheWaitingCallsAtOnceSayingWhy(Transport transport) throws Exception {
		this.raw = ClientTestSockets.startScripted(transport.bindAddress(this.directory), OnAccept.CLOSE, "add");
		Calc client = client(ClientTestSockets.addressOf(this.raw), FAIL_FAST);

		assertThat(failureOf(client.add(1, 2))).isExactlyInstanceOf(IpcConnectionException.class)
			.hasMessageContaining("is unavailable (last attempt: the server at " + ClientTestSockets.addressOf(this.raw)
					+ " closed the connection before sending its register message (does it expect TLS?))");
		assertThat(client.add(1, 2)).isCompletedExceptionally();
	}

}
