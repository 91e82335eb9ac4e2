package dev.socketipc.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link IpcServer#state()}, {@link IpcServer#statistics()} and
 * {@link IpcServer#features()} over a real Unix socket: the state across a graceful stop
 * with a slow call in flight, and each counter after the event it counts.
 */
class ServerStatisticsTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch holding = new CountDownLatch(1);

	private Path directory;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void cleanUp() throws Exception {
		this.release.countDown();
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	@Test
	void stateIsDrainingWhileStopWaitsForASlowCall() throws Exception {
		IpcServer server = build(IpcServer.builder().shutdownTimeout(WAIT));
		assertThat(server.state()).isEqualTo(IpcServer.State.STOPPED);
		server.start();
		assertThat(server.state()).isEqualTo(IpcServer.State.RUNNING);
		assertThat(server.features()).containsExactly("ping", "meta", "events", "stream");
		assertThat(IpcServer.PROTOCOL_REVISION).isEqualTo(1);
		LineClient client = connect(server);
		client.call(1, "hold");
		assertThat(this.holding.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(server.statistics().callsInFlight()).isOne();
		assertThat(server.statistics().openConnections()).isOne();

		CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
		await().atMost(WAIT).until(() -> server.state() == IpcServer.State.DRAINING);
		assertThat(stopping).isNotDone();
		this.release.countDown();
		stopping.get(WAIT.toSeconds(), TimeUnit.SECONDS);

		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"done\"}");
		assertThat(server.state()).isEqualTo(IpcServer.State.STOPPED);
		assertThat(server.statistics().callsInFlight()).isZero();
	}

	@Test
	void countsRefusedConnectionsBadLinesAndTooLargeLines() throws Exception {
		IpcServer server = build(IpcServer.builder().maxConnections(1).maxLineLength(64));
		server.start();
		IpcServerStatistics statistics = server.statistics();
		LineClient first = connect(server);

		try (LineClient refused = LineClient.connect(server.address().socketAddress())) {
			assertThat(refused.readLine()).contains("\"code\":\"OVERLOADED\"");
		}
		assertThat(statistics.refusedConnections()).isOne();

		first.send("{not json");
		assertThat(first.readLine()).contains("\"code\":\"PARSE_ERROR\"");
		first.send("{\"rid\":1,\"method\":7}");
		assertThat(first.readLine()).contains("\"code\":\"INVALID_REQUEST\"");
		assertThat(statistics.parseErrors()).isOne();

		first.send("{\"rid\":2,\"method\":\"hold\",\"args\":[\"" + "x".repeat(100) + "\"]}");
		assertThat(first.readLine()).contains("\"code\":\"TOO_LARGE\"");
		first.awaitEndOfStream();
		assertThat(statistics.tooLargeLines()).isOne();
		await().atMost(WAIT).until(() -> statistics.openConnections() == 0);
		assertThat(statistics.refusedConnections()).isOne();
		assertThat(statistics.parseErrors()).isOne();
		assertThat(statistics).hasToString("IpcServerStatistics[openConnections=0, callsInFlight=0, "
				+ "refusedConnections=1, parseErrors=1, tooLargeLines=1, droppedEvents=0]");
	}

	@Test
	void countsPeersRefusedForTheirCredentials() throws Exception {
		long notMe = (ProcessHandle.current().info().user().orElse("").equals("root")) ? 4242 : 0;
		IpcServer server = build(IpcServer.builder().allowedUids(List.of(notMe)));
		server.start();

		try (LineClient refused = LineClient.connect(server.address().socketAddress())) {
			refused.awaitEndOfStream();
		}

		assertThat(server.statistics().refusedConnections()).isOne();
	}

	private IpcServer build(IpcServerBuilder builder) {
		IpcServer server = builder.address(new IpcAddress.Unix(SocketPaths.socketFile(this.directory, "stats.sock")))
			.service(ServiceDefinition.of("", new Slow(this.holding, this.release)))
			.build();
		this.resources.add(server::stop);
		return server;
	}

	private LineClient connect(IpcServer server) throws IOException {
		LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress());
		this.resources.add(client);
		return client;
	}

	public static final class Slow {

		private final CountDownLatch holding;

		private final CountDownLatch release;

		Slow(CountDownLatch holding, CountDownLatch release) {
			this.holding = holding;
			this.release = release;
		}

		public String hold() throws InterruptedException {
			this.holding.countDown();
			this.release.await(10, TimeUnit.SECONDS);
			return "done";
		}

	}

}
