package dev.socketipc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.client.TaggedServers.Tagged;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.ScriptedServer.OnAccept;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server that accepts the connection and then sends no {@code register} (hung, or not
 * an IPC server) does not hold the connection and its calls until their timeouts: the
 * connect timeout bounds the whole attempt, the calls fail as not sent, the client
 * reconnects, and a balanced call goes to another server.
 */
class ClientRegisterTimeoutTest {

	private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);

	private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

	private Path directory;

	private ScriptedServer silent;

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@BeforeEach
	void createDirectory() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void stop() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
		if (this.silent != null) {
			this.silent.close();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	private IpcConnection connection(IpcAddress address) {
		IpcConnection connection = IpcConnection.builder(address)
			.connectTimeout(CONNECT_TIMEOUT)
			.reconnectBackoff(ClientTestSockets.FAST_BACKOFF)
			.build();
		this.closeables.add(connection);
		return connection;
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aServerThatSendsNoRegisterFailsTheCallAsNotSentAfterTheConnectTimeoutAndIsRetried(Transport transport)
			throws Exception {
		this.silent = ClientTestSockets.startScripted(transport.bindAddress(this.directory), OnAccept.WAIT, "add");
		IpcConnection connection = connection(ClientTestSockets.addressOf(this.silent));
		CompletableFuture<Object> call = connection.call("add", new Object[] { 1, 2 },
				WireCodec.create().mapper().constructType(int.class), CALL_TIMEOUT);
		try {
			call.get(30, TimeUnit.SECONDS);
			throw new AssertionError("expected the call to fail");
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOfSatisfying(IpcConnectionException.class, (failure) -> {
				assertThat(failure.requestSent()).isFalse();
				assertThat(failure).hasMessageContaining("not sent")
					.hasMessageContaining("sent no register line within the connect timeout of 300ms");
			});
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> this.silent.accepted() >= 2);
		assertThat(connection.isReady()).isFalse();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aServerThatRegistersWithinTheConnectTimeoutIsKept(Transport transport) throws Exception {
		this.silent = ClientTestSockets.startScripted(transport.bindAddress(this.directory), OnAccept.WAIT, "add");
		IpcConnection connection = IpcConnection.builder(ClientTestSockets.addressOf(this.silent))
			.connectTimeout(Duration.ofSeconds(30))
			.build();
		this.closeables.add(connection);
		connection.connect();
		await().atMost(Duration.ofSeconds(30)).until(this.silent::hasClient);
		this.silent.sendRegister();
		await().atMost(Duration.ofSeconds(30)).until(connection::isReady);
		assertThat(this.silent.accepted()).isEqualTo(1);
	}

	@Test
	void aBalancedCallChosenOntoASilentServerGoesToAnotherWellWithinItsTimeout() throws Exception {
		TaggedServers servers = TaggedServers.start();
		this.closeables.add(servers);
		this.silent = ScriptedServer.start(new IpcAddress.Tcp("127.0.0.1", 0).socketAddress(), OnAccept.WAIT,
				ScriptedServer.registerLine("echo"));
		IpcConnection silentConnection = connection(ClientTestSockets.addressOf(this.silent));
		IpcConnection good = connection(servers.address("A"));
		AtomicInteger attempts = new AtomicInteger();
		IpcBalancer silentFirst = new IpcBalancer() {

			@Override
			public Call newCall(String method) {
				return (avoid) -> {
					attempts.incrementAndGet();
					IpcConnection chosen = avoid.contains(silentConnection.address()) ? good : silentConnection;
					return CompletableFuture.completedFuture(() -> chosen);
				};
			}

			@Override
			public String describe() {
				return "lb://silent-first";
			}

		};
		Tagged client = IpcClientFactory.create(Tagged.class, silentFirst, WireCodec.create(),
				new ClientOptions("", CALL_TIMEOUT, Map.of()));
		long started = System.nanoTime();
		assertThat(client.echo(7)).isEqualTo("A:7");
		assertThat(attempts).hasValue(2);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(CALL_TIMEOUT);
		assertThat(Set.of(silentConnection.address())).doesNotContain(good.address());
	}

}
