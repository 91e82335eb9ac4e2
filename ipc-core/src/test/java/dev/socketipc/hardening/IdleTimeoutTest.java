package dev.socketipc.hardening;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.hardening.TestSockets.Transport;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code idle-timeout} on the server: silent connections are closed, connections with a
 * call running are not, and the file descriptors of closed connections are released.
 */
class IdleTimeoutTest {

	private static final Duration IDLE_TIMEOUT = Duration.ofMillis(300);

	private Path directory;

	private ExecutorService executor;

	private final BlockingService service = new BlockingService();

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<LineClient> clients = new ArrayList<>();

	@BeforeEach
	void setUp() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		this.executor = Executors.newCachedThreadPool();
	}

	@AfterEach
	void tearDown() throws IOException {
		this.service.release.countDown();
		for (LineClient client : this.clients) {
			client.close();
		}
		this.servers.forEach(IpcServer::stop);
		this.executor.shutdownNow();
		SocketPaths.deleteRecursively(this.directory);
	}

	private IpcServer startServer(Transport transport) {
		IpcServer server = IpcServer.builder()
			.address(transport.bindAddress(this.directory))
			.service(ServiceDefinition.of("", this.service))
			.executor(this.executor)
			.idleTimeout(IDLE_TIMEOUT)
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
	void silentConnectionIsClosedAfterTheIdleTimeout(Transport transport) throws IOException {
		IpcServer server = startServer(transport);
		LineClient silent = connect(server);

		await().atMost(TestSockets.WAIT).until(silent::isClosedByServer);

		await().atMost(TestSockets.WAIT).until(() -> server.connectionCount() == 0);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void connectionWithACallRunningIsNotClosedWhileTheCallRunsAndIsOnceItIsAnswered(Transport transport)
			throws IOException {
		IpcServer server = startServer(transport);
		LineClient client = connect(server);
		client.call(1, "block", "done");
		await().atMost(TestSockets.WAIT).until(() -> this.service.entered.get() == 1);

		// Over three idle timeouts with nothing read or written while the call runs.
		await().during(IDLE_TIMEOUT.multipliedBy(3))
			.atMost(TestSockets.WAIT)
			.until(() -> !client.sawEndOfStream() && server.connectionCount() == 1);
		this.service.release.countDown();

		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"done\"}");
		await().atMost(TestSockets.WAIT).until(client::isClosedByServer);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void openFileDescriptorsReturnToTheBaselineOnceIdleConnectionsAreClosed(Transport transport) throws IOException {
		IpcServer server = startServer(transport);
		try (LineClient warmUp = LineClient.connectAndSkipRegister(server.address().socketAddress())) {
			warmUp.call(1, "echo", "warm");
			warmUp.readLine();
		}
		await().atMost(TestSockets.WAIT).until(() -> server.connectionCount() == 0);
		long baseline = SocketPaths.openFileDescriptors();

		List<LineClient> idle = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			LineClient client = connect(server);
			// A running call keeps the connection from being closed until every
			// connection is open.
			client.call(i, "block", "released");
			idle.add(client);
		}
		await().atMost(TestSockets.WAIT).until(() -> this.service.entered.get() == 20);
		assertThat(SocketPaths.openFileDescriptors()).as("two descriptors per connection in this JVM")
			.isGreaterThanOrEqualTo(baseline + 40);
		this.service.release.countDown();
		for (int i = 0; i < 20; i++) {
			assertThat(idle.get(i).readLine()).isEqualTo("{\"success\":true,\"rid\":" + i + ",\"data\":\"released\"}");
		}
		await().atMost(TestSockets.WAIT).until(() -> idle.stream().allMatch(LineClient::isClosedByServer));
		for (LineClient client : idle) {
			client.close();
		}

		await().atMost(TestSockets.WAIT).until(() -> server.connectionCount() == 0);
		await().atMost(TestSockets.WAIT)
			.untilAsserted(() -> assertThat(SocketPaths.openFileDescriptors()).isLessThanOrEqualTo(baseline));
	}

	/** A call that blocks until released, and one that answers at once. */
	static final class BlockingService {

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger entered = new AtomicInteger();

		public String block(String result) throws InterruptedException {
			this.entered.incrementAndGet();
			this.release.await();
			return result;
		}

		public String echo(String text) {
			return text;
		}

	}

}
