package dev.socketipc.server;

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

import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

class ServerShutdownTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private Path dir;

	private ExecutorService executor;

	private final BlockingService service = new BlockingService();

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<LineClient> clients = new ArrayList<>();

	@BeforeEach
	void setUp() throws IOException {
		this.dir = SocketPaths.newSocketDirectory();
		this.executor = Executors.newCachedThreadPool();
	}

	@AfterEach
	void tearDown() throws IOException {
		this.service.release.countDown();
		for (LineClient client : this.clients) {
			client.close();
		}
		for (IpcServer server : this.servers) {
			server.stop();
		}
		this.executor.shutdownNow();
		SocketPaths.deleteRecursively(this.dir);
	}

	private IpcServer startServer(Duration shutdownTimeout) {
		IpcServer server = IpcServer.builder()
			.address(new IpcAddress.Unix(this.dir.resolve("s.sock")))
			.service(ServiceDefinition.of("", this.service))
			.executor(this.executor)
			.shutdownTimeout(shutdownTimeout)
			.build();
		this.servers.add(server);
		server.start();
		return server;
	}

	private LineClient connect(IpcServer server) throws IOException {
		LineClient client = LineClient.connectAndSkipRegister(server.address());
		this.clients.add(client);
		return client;
	}

	@Test
	void stopLetsARunningCallFinishWithinTheShutdownTimeout() throws Exception {
		IpcServer server = startServer(Duration.ofSeconds(30));
		LineClient client = connect(server);
		client.call(1, "block", "done");
		await().atMost(TIMEOUT).until(() -> this.service.entered.get() == 1);

		CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
		AtomicInteger probes = new AtomicInteger();
		await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
			String rid = "probe-" + probes.incrementAndGet();
			client.call(rid, "quick");
			JsonNode answer = client.readJson();
			assertThat(answer.get("rid").asString()).isEqualTo(rid);
			return "SHUTTING_DOWN".equals(answer.path("code").asString(null));
		});
		assertThat(stopping).as("stop() waits for the running call").isNotDone();

		this.service.release.countDown();

		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"done\"}");
		stopping.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(server.isRunning()).isFalse();
		await().atMost(TIMEOUT).until(client::isClosedByServer);
	}

	@Test
	void callStillRunningAfterTheShutdownTimeoutIsAnsweredShuttingDownAndTheConnectionCloses() throws IOException {
		IpcServer server = startServer(Duration.ofMillis(200));
		LineClient client = connect(server);
		client.call(7, "block", "never");
		await().atMost(TIMEOUT).until(() -> this.service.entered.get() == 1);

		server.stop();

		assertThat(client.readLine()).isEqualTo("{\"success\":false,\"rid\":7,"
				+ "\"error\":\"the server shut down before method 'block' finished\",\"code\":\"SHUTTING_DOWN\"}");
		await().atMost(TIMEOUT).until(client::isClosedByServer);
		assertThat(this.service.release.getCount()).as("the call was never released").isEqualTo(1);
	}

	@Test
	void newConnectionsFailAfterStop() throws IOException {
		IpcServer server = startServer(Duration.ofSeconds(5));
		LineClient connected = connect(server);

		server.stop();

		assertThatIOException().isThrownBy(() -> LineClient.connect(server.address()));
		await().atMost(TIMEOUT).until(connected::isClosedByServer);
	}

	@Test
	void eventLoopThreadsAreNonDaemonWhileRunningAndGoneAfterStop() throws IOException {
		Set<Thread> before = ipcServerThreads();
		IpcServer server = startServer(Duration.ofSeconds(5));
		LineClient client = connect(server);
		client.call(1, "quick");
		client.readLine();

		Set<Thread> running = ipcServerThreads();
		running.removeAll(before);
		assertThat(running).isNotEmpty().allSatisfy((thread) -> assertThat(thread.isDaemon())
			.as("%s keeps the JVM alive while the server runs", thread.getName())
			.isFalse());

		server.stop();

		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(running).noneMatch(Thread::isAlive));
	}

	private static Set<Thread> ipcServerThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("ipc-server"))
			.collect(Collectors.toSet());
	}

	/** A method that blocks until the test releases it, and one that answers at once. */
	public static final class BlockingService {

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger entered = new AtomicInteger();

		public String block(String result) throws InterruptedException {
			this.entered.incrementAndGet();
			this.release.await();
			return result;
		}

		public String quick() {
			return "quick";
		}

	}

}
