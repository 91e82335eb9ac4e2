package dev.socketipc.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A peer that sends its requests and then shuts down its write side ({@code socat},
 * {@code nc -N}, a shell script) gets every answer before the server closes, over Unix
 * sockets and TCP.
 */
class HalfCloseTest {

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final Gate service = new Gate(this.executor);

	private final List<AutoCloseable> resources = new ArrayList<>();

	private Path dir;

	@AfterEach
	void cleanUp() throws Exception {
		this.service.release.countDown();
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		this.executor.shutdownNow();
		if (this.dir != null) {
			Files.deleteIfExists(this.dir.resolve("h.sock"));
			Files.deleteIfExists(this.dir.resolve("h.sock.lock"));
			Files.deleteIfExists(this.dir);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void answersASlowCallReadBeforeTheEndOfInputThenCloses(String transport) throws IOException {
		LineClient client = connect(start(transport, IpcServer.builder()));

		client.write(LineClient.request(1, "slow", "late") + "\n" + LineClient.request(2, "add", 1, 2) + "\n");
		client.shutdownOutput();

		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":2,\"data\":3}");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.service.slowEntered.getCount() == 0);
		this.service.release.countDown();
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"late\"}");
		await().atMost(Duration.ofSeconds(10)).until(client::isClosedByServer);
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void answersEveryCallQueuedBehindMaxInFlight(String transport) throws IOException {
		LineClient client = connect(start(transport, IpcServer.builder().maxInFlight(1)));
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < 200; i++) {
			lines.append(LineClient.request(i, "add", i, 1)).append('\n');
		}

		client.write(lines.toString());
		client.shutdownOutput();

		Set<Integer> rids = new HashSet<>();
		for (JsonNode answer : client.readLines(200).stream().map(JsonMapper.shared()::readTree).toList()) {
			assertThat(answer.get("data").intValue()).isEqualTo(answer.get("rid").intValue() + 1);
			rids.add(answer.get("rid").intValue());
		}
		assertThat(rids).hasSize(200);
		await().atMost(Duration.ofSeconds(10)).until(client::isClosedByServer);
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void closesAtOnceWhenNothingIsRunning(String transport) throws IOException {
		LineClient client = connect(start(transport, IpcServer.builder()));

		client.shutdownOutput();

		await().atMost(Duration.ofSeconds(10)).until(client::isClosedByServer);
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void callStillRunningAfterTheShutdownTimeoutIsAnsweredShuttingDown(String transport) throws IOException {
		IpcServer server = start(transport, IpcServer.builder().shutdownTimeout(Duration.ofMillis(200)));
		LineClient client = connect(server);

		client.call(1, "slow", "never");
		client.shutdownOutput();

		assertThat(client.readLine(Duration.ofSeconds(20))).isEqualTo("{\"success\":false,\"rid\":1,\"error\":"
				+ "\"the connection's input ended and method 'slow' did not finish within the shutdown timeout\","
				+ "\"code\":\"SHUTTING_DOWN\"}");
		await().atMost(Duration.ofSeconds(10)).until(client::isClosedByServer);
		LineClient other = connect(server);
		other.call(2, "add", 2, 2);
		assertThat(other.readLine()).isEqualTo("{\"success\":true,\"rid\":2,\"data\":4}");
	}

	private IpcServer start(String transport, IpcServerBuilder builder) throws IOException {
		IpcAddress address;
		if (transport.equals("unix")) {
			this.dir = SocketPaths.newSocketDirectory();
			address = new IpcAddress.Unix(this.dir.resolve("h.sock"));
		}
		else {
			address = IpcAddress.parse("tcp://127.0.0.1:0");
		}
		IpcServer server = builder.address(address)
			.service(ServiceDefinition.of("", this.service))
			.executor(this.executor)
			.build();
		server.start();
		this.resources.add(server::stop);
		return server;
	}

	private LineClient connect(IpcServer server) throws IOException {
		LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress());
		this.resources.add(client);
		return client;
	}

	/** A fast method, and a slow one that finishes when the test says so. */
	public static final class Gate {

		final CountDownLatch release = new CountDownLatch(1);

		final CountDownLatch slowEntered = new CountDownLatch(1);

		private final ExecutorService executor;

		Gate(ExecutorService executor) {
			this.executor = executor;
		}

		public int add(int a, int b) {
			return a + b;
		}

		public CompletableFuture<String> slow(String label) {
			this.slowEntered.countDown();
			return CompletableFuture.supplyAsync(() -> {
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return label;
			}, this.executor);
		}

	}

}
