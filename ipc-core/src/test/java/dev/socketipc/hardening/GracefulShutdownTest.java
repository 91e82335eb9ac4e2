package dev.socketipc.hardening;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.hardening.TestSockets.Transport;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/**
 * Graceful shutdown over Unix and TCP: new connections are refused as soon as
 * {@code stop()} begins, running calls finish within {@code shutdown-timeout}, new and
 * left-over calls are answered {@code SHUTTING_DOWN}, the socket file and its lock go
 * away, the event-loop threads end, and a client reconnects to the next server on the
 * address.
 */
class GracefulShutdownTest {

	private Path directory;

	private ExecutorService executor;

	private final BlockingService service = new BlockingService();

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<LineClient> clients = new ArrayList<>();

	private final List<IpcConnection> connections = new ArrayList<>();

	@BeforeEach
	void setUp() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		this.executor = Executors.newCachedThreadPool();
	}

	@AfterEach
	void tearDown() throws IOException {
		this.service.release.countDown();
		this.connections.forEach(IpcConnection::close);
		for (LineClient client : this.clients) {
			client.close();
		}
		this.servers.forEach(IpcServer::stop);
		this.executor.shutdownNow();
		SocketPaths.deleteRecursively(this.directory);
	}

	interface Calls {

		CompletableFuture<String> block(String result);

		int add(int a, int b);

	}

	private IpcServer startServer(IpcAddress address, Duration shutdownTimeout) {
		IpcServer server = IpcServer.builder()
			.address(address)
			.service(ServiceDefinition.of("", this.service))
			.executor(this.executor)
			.shutdownTimeout(shutdownTimeout)
			.build();
		this.servers.add(server);
		server.start();
		return server;
	}

	private LineClient connect(IpcServer server) throws IOException {
		LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress());
		this.clients.add(client);
		return client;
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void stopRefusesNewConnectionsAtOnceLetsTheRunningCallFinishAndTheClientReconnectsToTheNextServer(
			Transport transport) throws Exception {
		IpcServer server = startServer(transport.bindAddress(this.directory), Duration.ofSeconds(30));
		IpcAddress address = server.address();
		IpcConnection connection = IpcConnection.builder(address).reconnectBackoff(TestSockets.FAST_BACKOFF).build();
		this.connections.add(connection);
		Calls client = IpcClientFactory.create(Calls.class, connection, ClientOptions.defaults());
		LineClient other = connect(server);
		CompletableFuture<String> running = client.block("done");
		await().atMost(TestSockets.WAIT).until(() -> this.service.entered.get() == 1);

		CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);

		await().atMost(TestSockets.WAIT).until(() -> !LineClient.accepts(address.socketAddress()));
		assertThat(stopping).as("stop() waits for the running call").isNotDone();
		assertThat(running).isNotDone();
		other.call("new", "add", 1, 2);
		assertThat(other.readLine()).as("a call sent once the server is stopping")
			.isEqualTo("{\"success\":false,\"rid\":\"new\",\"error\":\"the server is shutting down\","
					+ "\"code\":\"SHUTTING_DOWN\"}");

		this.service.release.countDown();

		assertThat(running.get(TestSockets.WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("done");
		stopping.get(TestSockets.WAIT.toSeconds(), TimeUnit.SECONDS);
		await().atMost(TestSockets.WAIT).until(other::isClosedByServer);
		await().atMost(TestSockets.WAIT).until(() -> !connection.isReady());
		if (address instanceof IpcAddress.Unix unix) {
			assertThat(unix.path()).doesNotExist();
			assertThat(unix.path().resolveSibling("s.sock.lock")).doesNotExist();
		}

		startServer(address, Duration.ofSeconds(30));
		await().atMost(TestSockets.WAIT).until(connection::isReady);
		assertThat(client.add(2, 3)).isEqualTo(5);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void callStillRunningWhenTheShutdownTimeoutEndsIsAnsweredShuttingDown(Transport transport) throws IOException {
		IpcServer server = startServer(transport.bindAddress(this.directory), Duration.ofMillis(200));
		LineClient client = connect(server);
		client.call(7, "block", "never");
		await().atMost(TestSockets.WAIT).until(() -> this.service.entered.get() == 1);

		server.stop();

		assertThat(client.readLine()).isEqualTo("{\"success\":false,\"rid\":7,"
				+ "\"error\":\"the server shut down before method 'block' finished\",\"code\":\"SHUTTING_DOWN\"}");
		await().atMost(TestSockets.WAIT).until(client::isClosedByServer);
		assertThat(this.service.release.getCount()).as("the call was never released").isOne();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void stopLetsARunningCallFinishWithinTheShutdownTimeoutWhileOtherCallsAreAnsweredShuttingDown(Transport transport)
			throws Exception {
		IpcServer server = startServer(transport.bindAddress(this.directory), Duration.ofSeconds(30));
		LineClient client = connect(server);
		client.call(1, "block", "done");
		await().atMost(TestSockets.WAIT).until(() -> this.service.entered.get() == 1);

		CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
		AtomicInteger probes = new AtomicInteger();
		await().atMost(TestSockets.WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
			String rid = "probe-" + probes.incrementAndGet();
			client.call(rid, "quick");
			JsonNode answer = JsonMapper.shared().readTree(client.readLine());
			assertThat(answer.get("rid").asString()).isEqualTo(rid);
			return "SHUTTING_DOWN".equals(answer.path("code").asString(null));
		});
		assertThat(stopping).as("stop() waits for the running call").isNotDone();

		this.service.release.countDown();

		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"done\"}");
		stopping.get(TestSockets.WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(server.isRunning()).isFalse();
		await().atMost(TestSockets.WAIT).until(client::isClosedByServer);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void newConnectionsFailAfterStopAndOpenOnesAreClosed(Transport transport) throws IOException {
		IpcServer server = startServer(transport.bindAddress(this.directory), Duration.ofSeconds(5));
		LineClient connected = connect(server);

		server.stop();

		assertThatIOException().isThrownBy(() -> LineClient.connect(server.address().socketAddress()).close());
		await().atMost(TestSockets.WAIT).until(connected::isClosedByServer);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void eventLoopThreadsAreNonDaemonWhileRunningAndGoneAfterStop(Transport transport) throws IOException {
		Set<Thread> before = ipcServerThreads();
		IpcServer server = startServer(transport.bindAddress(this.directory), Duration.ofSeconds(5));
		LineClient client = connect(server);
		client.call(1, "quick");
		client.readLine();

		Set<Thread> running = ipcServerThreads();
		running.removeAll(before);
		assertThat(running).isNotEmpty()
			.allSatisfy((thread) -> assertThat(thread.isDaemon())
				.as("%s keeps the JVM alive while the server runs", thread.getName())
				.isFalse());

		server.stop();

		await().atMost(TestSockets.WAIT).untilAsserted(() -> assertThat(running).noneMatch(Thread::isAlive));
	}

	private static Set<Thread> ipcServerThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("ipc-server"))
			.collect(Collectors.toSet());
	}

	/** A call that blocks until released, and two that answer at once. */
	static final class BlockingService {

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger entered = new AtomicInteger();

		public String block(String result) throws InterruptedException {
			this.entered.incrementAndGet();
			this.release.await();
			return result;
		}

		public int add(int a, int b) {
			return a + b;
		}

		public String quick() {
			return "quick";
		}

	}

}
