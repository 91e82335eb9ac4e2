package dev.socketipc.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.ScriptedServer.OnAccept;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IpcConnectionException#requestSent()} tells a call never written (which a
 * balanced client may make elsewhere without running it twice) from one lost after its
 * request was written.
 */
class ClientRequestSentTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

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

	private CompletableFuture<Object> call(IpcAddress address, boolean waitForReady) {
		if (this.connection == null) {
			this.connection = ClientTestSockets.connection(address);
		}
		return this.connection.call("add", new Object[] { 1, 2 }, WireCodec.create().mapper().constructType(int.class),
				Duration.ofMinutes(5), waitForReady);
	}

	private static IpcConnectionException connectionFailureOf(CompletableFuture<?> call) throws Exception {
		try {
			Object value = call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			throw new AssertionError("expected the call to fail, but it answered " + value);
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isExactlyInstanceOf(IpcConnectionException.class);
			return (IpcConnectionException) ex.getCause();
		}
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aRefusedConnectionFailsTheCallAsNotSent(Transport transport) throws Exception {
		IpcConnectionException failure = connectionFailureOf(call(transport.unusedAddress(this.directory), false));
		assertThat(failure.requestSent()).isFalse();
		assertThat(failure).hasMessageContaining("not sent");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aServerClosingBeforeItsRegisterFailsTheCallAsNotSent(Transport transport) throws Exception {
		this.raw = ClientTestSockets.startScripted(transport.bindAddress(this.directory), OnAccept.CLOSE, "add");
		IpcConnectionException failure = connectionFailureOf(call(ClientTestSockets.addressOf(this.raw), false));
		assertThat(failure.requestSent()).isFalse();
		assertThat(failure.getCause()).isInstanceOfSatisfying(IpcConnectionException.class,
				(cause) -> assertThat(cause.requestSent()).isFalse());
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aClosedClientFailsItsWaitingAndLaterCallsAsNotSent(Transport transport) throws Exception {
		this.raw = ClientTestSockets.startScripted(transport.bindAddress(this.directory), OnAccept.WAIT, "add");
		CompletableFuture<Object> waiting = call(ClientTestSockets.addressOf(this.raw), true);
		assertThat(waiting).isNotDone();
		this.connection.close();
		assertThat(connectionFailureOf(waiting).requestSent()).isFalse();
		assertThat(connectionFailureOf(call(ClientTestSockets.addressOf(this.raw), false)).requestSent()).isFalse();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aCallLostAfterItsRequestWasWrittenFailsAsSent(Transport transport) throws Exception {
		this.raw = ClientTestSockets.startScripted(transport.bindAddress(this.directory), "add");
		CompletableFuture<Object> call = call(ClientTestSockets.addressOf(this.raw), false);
		assertThat(this.raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"add\",\"args\":[1,2]}");
		this.raw.dropConnection();
		IpcConnectionException failure = connectionFailureOf(call);
		assertThat(failure.requestSent()).isTrue();
		assertThat(failure).hasMessageEndingWith(" was lost before the answer came; it was not resent");
	}

	@Test
	void aCallFailedByTheConnectionBeforeTheEventLoopWroteItFailsAsNotSentAndIsNeverWritten() throws Exception {
		Unwritten unwritten = new Unwritten();
		BatchedWrites.write(unwritten.channel, unwritten.request, unwritten.call);
		// The connection is lost, and fails its calls, before the write task runs.
		unwritten.calls.failSent("the connection to " + unwritten.address + " was lost");
		unwritten.channel.runPendingTasks();
		unwritten.assertNotSent("IPC call 'add' not sent: the connection to " + unwritten.address
				+ " was lost before the request was written");
	}

	@Test
	void aCallWhoseChannelClosedBeforeTheEventLoopWroteItFailsAsNotSent() throws Exception {
		Unwritten unwritten = new Unwritten();
		unwritten.channel.close();
		BatchedWrites.write(unwritten.channel, unwritten.request, unwritten.call);
		unwritten.channel.runPendingTasks();
		unwritten.assertNotSent("IPC call 'add' not sent: the connection closed before the request was written");
	}

	/** A call taken for a channel, its request not yet written by the event loop. */
	private static final class Unwritten {

		final IpcAddress address = IpcAddress.parse("tcp://127.0.0.1:1");

		final PendingCalls calls = new PendingCalls(this.address, () -> null);

		final EmbeddedChannel channel = new EmbeddedChannel();

		final ByteBuf request = Unpooled.copiedBuffer("{}\n", StandardCharsets.UTF_8);

		final PendingCalls.Call call;

		Unwritten() {
			ClientMethod method = ClientMethod.adHoc("add", WireCodec.create().mapper().constructType(int.class),
					Duration.ofMinutes(5), false, WireCodec.create());
			this.call = this.calls.start(method, new Object[0], Map.of());
			BatchedWrites.install(this.channel, this.calls);
			assertThat(this.calls.sent(this.calls.nextRid(), this.call)).isTrue();
		}

		void assertNotSent(String message) throws Exception {
			IpcConnectionException failure = connectionFailureOf(this.call.result);
			assertThat(failure.requestSent()).isFalse();
			assertThat(failure).hasMessage(message);
			assertThat(this.request.refCnt()).isZero();
			assertThat((Object) this.channel.readOutbound()).isNull();
			assertThat(this.calls.sentCount()).isZero();
		}

	}

}
