package dev.socketipc.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.hardening.TestSockets.Transport;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server's limits: {@code max-connections} (accept, answer one {@code OVERLOADED}
 * line, close) and {@code max-in-flight} per connection (stop reading until calls
 * finish).
 */
class ConnectionLimitsTest {

	private Path directory;

	private ExecutorService executor;

	private final LimitedService service = new LimitedService();

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

	private IpcServer startServer(IpcServerBuilder builder) {
		IpcServer server = builder.service(ServiceDefinition.of("", this.service)).executor(this.executor).build();
		this.servers.add(server);
		server.start();
		return server;
	}

	private LineClient track(LineClient client) {
		this.clients.add(client);
		return client;
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void connectionPastMaxConnectionsGetsOneOverloadedLineAndIsClosedAndOneClosingMakesRoom(Transport transport)
			throws IOException {
		IpcServer server = startServer(
				IpcServer.builder().address(transport.bindAddress(this.directory)).maxConnections(2));
		LineClient first = track(LineClient.connectAndSkipRegister(server.address().socketAddress()));
		LineClient second = track(LineClient.connectAndSkipRegister(server.address().socketAddress()));

		LineClient third = track(LineClient.connect(server.address().socketAddress()));
		assertThat(third.readLine()).isEqualTo("{\"success\":false,\"error\":\"the server already has its maximum of 2 "
				+ "connections; try again later\",\"code\":\"OVERLOADED\"}");
		await().atMost(TestSockets.WAIT).until(third::isClosedByServer);
		await().atMost(TestSockets.WAIT).until(() -> server.connectionCount() == 2);

		second.call(1, "add", 1, 2);
		assertThat(second.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":3}");
		first.close();
		await().atMost(TestSockets.WAIT).until(() -> server.connectionCount() == 1);

		LineClient fourth = track(LineClient.connectAndSkipRegister(server.address().socketAddress()));
		fourth.call(2, "add", 2, 3);
		assertThat(fourth.readLine()).isEqualTo("{\"success\":true,\"rid\":2,\"data\":5}");
		assertThat(server.connectionCount()).isEqualTo(2);
		assertThat(this.service.adds).as("calls that ran").hasValue(2);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void requestSentOnARefusedConnectionNeverRuns(Transport transport) throws IOException {
		IpcServer server = startServer(
				IpcServer.builder().address(transport.bindAddress(this.directory)).maxConnections(1));
		LineClient served = track(LineClient.connectAndSkipRegister(server.address().socketAddress()));

		LineClient refused = track(LineClient.connect(server.address().socketAddress()));
		try {
			refused.call(1, "add", 1, 2);
		}
		catch (UncheckedIOException ex) {
			// the server closed the connection before the request was written: it cannot
			// run either
		}

		assertThat(JsonMapper.shared().readTree(refused.readLine()).path("code").asString()).isEqualTo("OVERLOADED");
		await().atMost(TestSockets.WAIT).until(refused::isClosedByServer);
		served.call(2, "add", 20, 22);
		assertThat(served.readLine()).isEqualTo("{\"success\":true,\"rid\":2,\"data\":42}");
		assertThat(this.service.adds).as("calls that ran").hasValue(1);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void maxInFlightBoundsTheCallsRunningAtOnceOnOneConnectionAndTheRestWait(Transport transport) throws IOException {
		IpcServer server = startServer(
				IpcServer.builder().address(transport.bindAddress(this.directory)).maxInFlight(2));
		LineClient client = track(LineClient.connectAndSkipRegister(server.address().socketAddress()));
		StringBuilder pipelined = new StringBuilder();
		for (int i = 1; i <= 6; i++) {
			pipelined.append(LineClient.request(i, "hold", i)).append('\n');
		}

		client.write(pipelined.toString());

		await().atMost(TestSockets.WAIT).until(() -> this.service.entered.get() >= 2);
		await().during(Duration.ofMillis(300))
			.atMost(TestSockets.WAIT)
			.until(() -> this.service.entered.get() == 2 && !client.hasPendingLine());
		LineClient other = track(LineClient.connectAndSkipRegister(server.address().socketAddress()));
		other.call(1, "add", 1, 1);
		assertThat(other.readLine()).as("another connection is not held back")
			.isEqualTo("{\"success\":true,\"rid\":1,\"data\":2}");

		this.service.release.countDown();

		List<Integer> rids = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			JsonNode answer = JsonMapper.shared().readTree(client.readLine());
			assertThat(answer.get("data").intValue()).isEqualTo(answer.get("rid").intValue() * 10);
			rids.add(answer.get("rid").intValue());
		}
		assertThat(rids).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
		assertThat(this.service.maxConcurrent).hasValue(2);
	}

	/** Adds, and holds calls until released while recording how many ran at once. */
	static final class LimitedService {

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger adds = new AtomicInteger();

		final AtomicInteger entered = new AtomicInteger();

		final AtomicInteger maxConcurrent = new AtomicInteger();

		private final AtomicInteger concurrent = new AtomicInteger();

		public int add(int a, int b) {
			this.adds.incrementAndGet();
			return a + b;
		}

		public int hold(int value) throws InterruptedException {
			this.entered.incrementAndGet();
			this.maxConcurrent.accumulateAndGet(this.concurrent.incrementAndGet(), Math::max);
			try {
				this.release.await();
				return value * 10;
			}
			finally {
				this.concurrent.decrementAndGet();
			}
		}

	}

}
