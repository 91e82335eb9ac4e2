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
import dev.socketipc.server.IpcPeer;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
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
 * The client's opt-in heartbeat ({@code {"action":"ping"}} when quiet): it keeps a quiet
 * connection open past the server's idle timeout, detects a server that stopped
 * answering, and is never sent to a seed server.
 */
class HeartbeatTest {

	private static final Duration HEARTBEAT = Duration.ofMillis(100);

	private static final String PING = "{\"action\":\"ping\"}";

	private Path directory;

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<ScriptedServer> scripted = new ArrayList<>();

	private final List<IpcConnection> connections = new ArrayList<>();

	@BeforeEach
	void setUp() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void tearDown() throws Exception {
		this.connections.forEach(IpcConnection::close);
		this.servers.forEach(IpcServer::stop);
		for (ScriptedServer server : this.scripted) {
			server.close();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	interface Peers {

		String peer();

	}

	interface Holder {

		CompletableFuture<Integer> hold();

		CompletableFuture<Integer> add(int a, int b);

	}

	/** Tells each caller which connection its call came on. */
	static final class PeerService {

		public String peer() {
			return IpcPeer.current().orElseThrow().address();
		}

	}

	private IpcConnection connection(IpcAddress address) {
		IpcConnection connection = IpcConnection.builder(address)
			.heartbeatInterval(HEARTBEAT)
			.reconnectBackoff(TestSockets.FAST_BACKOFF)
			.build();
		this.connections.add(connection);
		return connection;
	}

	private ScriptedServer startScripted(Transport transport, String register) throws IOException {
		ScriptedServer server = ScriptedServer.start(transport.bindAddress(this.directory).socketAddress(), register);
		this.scripted.add(server);
		return server;
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void heartbeatKeepsAQuietConnectionOpenWellPastTheServersIdleTimeout(Transport transport) {
		IpcServer server = IpcServer.builder()
			.address(transport.bindAddress(this.directory))
			.service(ServiceDefinition.of("", new PeerService()))
			.idleTimeout(Duration.ofMillis(300))
			.build();
		this.servers.add(server);
		server.start();
		IpcConnection connection = connection(server.address());
		Peers client = IpcClientFactory.create(Peers.class, connection, ClientOptions.defaults());
		String before = client.peer();

		// Five idle timeouts without a call: only pings and pongs cross the connection.
		await().during(Duration.ofMillis(1500))
			.atMost(TestSockets.WAIT)
			.until(() -> connection.isReady() && server.connectionCount() == 1);

		assertThat(client.peer()).as("the server-side connection of the second call").isEqualTo(before);
		assertThat(server.connectionCount()).isOne();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void heartbeatClosesTheConnectionToAServerThatNeverAnswersPingsAndFailsItsPendingCalls(Transport transport)
			throws Exception {
		ScriptedServer hung = startScripted(transport,
				"{\"action\":\"register\",\"methods\":[\"hold\",\"add\"],\"protocol\":1}");
		IpcConnection connection = connection(TestSockets.addressOf(hung));
		Holder client = IpcClientFactory.create(Holder.class, connection,
				new ClientOptions("", Duration.ofMinutes(1), Map.of()));

		CompletableFuture<Integer> held = client.hold();
		assertThat(hung.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"hold\",\"args\":[]}");

		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> held.get(TestSockets.WAIT.toSeconds(), TimeUnit.SECONDS))
			.havingCause()
			.isExactlyInstanceOf(IpcConnectionException.class)
			.withMessage("IPC call 'hold' failed: the connection to " + TestSockets.addressOf(hung)
					+ " was lost before the answer came; it was not resent");
		assertThat(hung.nextLine()).as("what the client sent while waiting").isEqualTo(PING);
		await().atMost(TestSockets.WAIT).until(() -> hung.closedByClient() >= 1);
		assertThat(connection.pendingCalls()).isZero();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void seedServerWhoseRegisterHasNoProtocolIsNeverPinged(Transport transport) throws Exception {
		ScriptedServer seed = startScripted(transport, "{\"action\":\"register\",\"methods\":[\"add\"]}");
		IpcConnection connection = connection(TestSockets.addressOf(seed));
		connection.connect();
		await().atMost(TestSockets.WAIT).until(connection::isReady);

		// Ten heartbeat intervals of silence: a ping would have been sent, and a missing
		// pong would have closed.
		await().during(Duration.ofMillis(1000))
			.atMost(TestSockets.WAIT)
			.until(() -> connection.isReady() && seed.allLines().isEmpty());

		Holder client = IpcClientFactory.create(Holder.class, connection, ClientOptions.defaults());
		CompletableFuture<Integer> sum = client.add(1, 2);
		assertThat(seed.nextLine()).as("the first line the seed server ever got")
			.isEqualTo("{\"rid\":1,\"method\":\"add\",\"args\":[1,2]}");
		seed.send("{\"success\":true,\"rid\":1,\"data\":3}");
		assertThat(sum.get(TestSockets.WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(3);
		assertThat(seed.accepted()).isOne();
		assertThat(seed.allLines()).doesNotContain(PING);
	}

}
