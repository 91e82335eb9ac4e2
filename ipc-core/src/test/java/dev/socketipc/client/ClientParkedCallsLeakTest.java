package dev.socketipc.client;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.ScriptedServer.OnAccept;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JavaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A call made while the client is not registered (the server is down, never sends its
 * {@code register}, or closes every connection first as a TLS server does to a plaintext
 * client) leaves nothing behind once it has timed out.
 */
class ClientParkedCallsLeakTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final JavaType INT = WireCodec.create().mapper().constructType(Integer.class);

	/** Why the client never gets a {@code register}. */
	enum Unregistered {

		/**
		 * Nobody listens: every attempt fails; calls wait for the server
		 * (wait-for-ready).
		 */
		SERVER_DOWN,

		/**
		 * The server accepts and never sends {@code register}: the attempt stays in
		 * progress.
		 */
		NEVER_REGISTERS,

		/**
		 * The server closes every connection before its {@code register}; calls wait for
		 * it (wait-for-ready).
		 */
		CLOSES_FIRST

	}

	private Path directory;

	private ScriptedServer raw;

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
		SocketPaths.deleteRecursively(this.directory);
	}

	static Iterable<Arguments> everyCase() {
		return java.util.Arrays.stream(Transport.values())
			.flatMap((transport) -> java.util.Arrays.stream(Unregistered.values())
				.map((unregistered) -> Arguments.of(transport, unregistered)))
			.toList();
	}

	private IpcConnection unregisteredConnection(Transport transport, Unregistered unregistered) throws Exception {
		IpcAddress address = switch (unregistered) {
			case SERVER_DOWN -> transport.unusedAddress(this.directory);
			case NEVER_REGISTERS -> ClientTestSockets.addressOf(this.raw = ClientTestSockets
				.startScripted(transport.bindAddress(this.directory), OnAccept.WAIT, "add"));
			case CLOSES_FIRST -> ClientTestSockets.addressOf(this.raw = ClientTestSockets
				.startScripted(transport.bindAddress(this.directory), OnAccept.CLOSE, "add"));
		};
		this.connection = ClientTestSockets.connection(address);
		this.connection.connect();
		return this.connection;
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("everyCase")
	void timedOutCallLeavesNothingThatReferencesItsArguments(Transport transport, Unregistered unregistered)
			throws Exception {
		IpcConnection connection = unregisteredConnection(transport, unregistered);
		Object[] args = { new StringBuilder("an argument only the call refers to") };
		WeakReference<Object> argument = new WeakReference<>(args[0]);
		CompletableFuture<Object> call = connection.call("add", args, INT, Duration.ofMillis(100), true);
		args = null;

		assertThat(failureOf(call)).isExactlyInstanceOf(IpcTimeoutException.class);
		call = null;
		assertThat(connection.waitingCalls()).isZero();
		assertThat(connection.pendingCalls()).isZero();
		await().atMost(WAIT).until(() -> {
			System.gc();
			return argument.get() == null;
		});
	}

	@ParameterizedTest
	@EnumSource(Unregistered.class)
	void twoHundredThousandTimedOutCallsLeaveTheHeapAsItWas(Unregistered unregistered) throws Exception {
		IpcConnection connection = unregisteredConnection(Transport.UNIX, unregistered);
		// Warm up the classes and the timer before the first measure.
		assertThat(failureOf(connection.call("add", new Object[] { 0 }, INT, Duration.ofMillis(20), true)))
			.isExactlyInstanceOf(IpcTimeoutException.class);
		long before = usedHeapAfterGc();

		int calls = 200_000;
		AtomicInteger timedOut = new AtomicInteger();
		AtomicInteger otherwise = new AtomicInteger();
		for (int i = 0; i < calls; i++) {
			connection.call("add", new Object[] { i, "some argument text" }, INT, Duration.ofMillis(50), true)
				.whenComplete((value, failure) -> ((failure instanceof IpcTimeoutException) ? timedOut : otherwise)
					.incrementAndGet());
		}
		await().atMost(Duration.ofMinutes(2)).until(() -> timedOut.get() + otherwise.get() == calls);
		long grown = usedHeapAfterGc() - before;

		assertThat(timedOut).hasValue(calls);
		assertThat(connection.waitingCalls()).isZero();
		assertThat(connection.pendingCalls()).isZero();
		// 200,000 parked calls kept ~260 MB (1.3 KB each); what is left now is noise.
		assertThat(grown).as("heap growth after %,d timed-out calls: %,d bytes", calls, grown)
			.isLessThan(24L * 1024 * 1024);
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
		try {
			Object value = future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			throw new AssertionError("expected the call to fail, but it answered " + value);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
	}

}
