package dev.socketipc.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.TestTransport;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ServerBackpressureTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final HoldingService service = new HoldingService();

	private final List<LineClient> clients = new ArrayList<>();

	private ExecutorService executor;

	private IpcServer server;

	private String address;

	private void startServer(TestTransport transport) throws IOException {
		this.executor = Executors.newCachedThreadPool();
		this.address = transport.newAddress();
		this.server = IpcServer.builder()
			.address(IpcAddress.parse(this.address))
			.service(ServiceDefinition.of("", this.service))
			.executor(this.executor)
			.maxInFlight(2)
			.build();
		this.server.start();
	}

	@AfterEach
	void stopServer() throws IOException {
		this.service.release.countDown();
		for (LineClient client : this.clients) {
			client.close();
		}
		if (this.server != null) {
			this.server.stop();
			this.executor.shutdownNow();
		}
		TestTransport.release(this.address);
	}

	private LineClient connect() throws IOException {
		LineClient client = LineClient.connectAndSkipRegister(this.server.address().socketAddress());
		this.clients.add(client);
		return client;
	}

	@ParameterizedTest
	@EnumSource(TestTransport.class)
	void pipelinedCallsNeverRunMoreThanMaxInFlightAtOnceAndAllAreAnswered(TestTransport transport) throws IOException {
		startServer(transport);
		LineClient client = connect();
		StringBuilder lines = new StringBuilder();
		for (int i = 1; i <= 10; i++) {
			lines.append(LineClient.request(i, "hold", i)).append('\n');
		}

		client.write(lines.toString());

		await().atMost(TIMEOUT).until(() -> this.service.entered.get() >= 2);
		await().during(Duration.ofMillis(300))
			.atMost(TIMEOUT)
			.untilAsserted(
					() -> assertThat(this.service.entered).as("calls started while two are blocked").hasValue(2));
		assertThat(client.hasPendingLine()).isFalse();

		this.service.release.countDown();

		Map<Integer, Integer> answers = new HashMap<>();
		for (JsonNode answer : client.readLines(10).stream().map(JsonMapper.shared()::readTree).toList()) {
			assertThat(answer.get("success").booleanValue()).as("%s", answer).isTrue();
			answers.put(answer.get("rid").intValue(), answer.get("data").intValue());
		}
		assertThat(answers).hasSize(10).allSatisfy((rid, data) -> assertThat(data).isEqualTo(rid * 10));
		assertThat(this.service.entered).hasValue(10);
		assertThat(this.service.maxConcurrent).hasValue(2);
	}

	@ParameterizedTest
	@EnumSource(TestTransport.class)
	void theLimitIsPerConnection(TestTransport transport) throws IOException {
		startServer(transport);
		LineClient busy = connect();
		for (int i = 1; i <= 3; i++) {
			busy.call(i, "hold", i);
		}
		await().atMost(TIMEOUT).until(() -> this.service.entered.get() >= 2);
		assertThat(this.service.entered).as("the third call waits for a free slot").hasValue(2);

		LineClient other = connect();
		other.call(1, "quick");

		assertThat(other.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"quick\"}");
		assertThat(busy.hasPendingLine()).isFalse();
		this.service.release.countDown();
		assertThat(busy.readLines(3).stream().map(JsonMapper.shared()::readTree).toList())
			.extracting((answer) -> answer.get("rid").intValue())
			.containsExactlyInAnyOrder(1, 2, 3);
	}

	/**
	 * A method that blocks until released and records how many of its calls ran at once.
	 */
	public static final class HoldingService {

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger entered = new AtomicInteger();

		final AtomicInteger maxConcurrent = new AtomicInteger();

		private final AtomicInteger concurrent = new AtomicInteger();

		public int hold(int value) throws InterruptedException {
			this.entered.incrementAndGet();
			int now = this.concurrent.incrementAndGet();
			this.maxConcurrent.accumulateAndGet(now, Math::max);
			try {
				this.release.await();
				return value * 10;
			}
			finally {
				this.concurrent.decrementAndGet();
			}
		}

		public String quick() {
			return "quick";
		}

	}

}
