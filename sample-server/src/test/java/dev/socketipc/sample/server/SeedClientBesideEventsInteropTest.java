package dev.socketipc.sample.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.socketipc.sample.load.LoadPublisher;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.NodeProcess;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed article's client ({@code interop/seed-client.js}, unchanged) against a sample
 * server that publishes 1,000 events a second to other connections: one subscriber that
 * reads them and one that never reads. The seed client never subscribes, so it sees no
 * event line, and its two calls are answered as always.
 */
@Timeout(120)
class SeedClientBesideEventsInteropTest {

	private static final List<String> SEED_OUTPUT = List.of("1+2+3+4+5 = 15", "1*2*3*4*5 = 120");

	private static final Duration NODE_TIMEOUT = Duration.ofSeconds(30);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();

	private final AtomicReference<Throwable> readFailure = new AtomicReference<>();

	private volatile boolean stopReading;

	private Path socketDirectory;

	private ConfigurableApplicationContext context;

	@AfterEach
	void stop() throws Exception {
		this.stopReading = true;
		this.publisher.shutdownNow();
		assertThat(this.publisher.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		try {
			if (this.context != null) {
				this.context.close();
			}
		}
		finally {
			if (this.socketDirectory != null) {
				SocketPaths.deleteRecursively(this.socketDirectory);
			}
		}
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "unix", "tcp" })
	void seedClientPrintsItsTwoLinesWhileOthersReceiveOneThousandEventsASecond(String transport) throws Exception {
		NodeProcess node = NodeProcess.require();
		IpcAddress address = startSampleServer(transport);
		LoadPublisher load = this.context.getBean(LoadPublisher.class);
		try (LineClient reader = LineClient.connectAndSkipRegister(address.socketAddress());
				LineClient stalled = LineClient.connectWithoutReading(address.socketAddress(), 4096)) {
			reader.call(1, "$subscribe", "load");
			assertThat(reader.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":null}");
			stalled.call(1, "$subscribe", "load");
			AtomicLong received = countEvents(reader);
			AtomicLong queuedFor = new AtomicLong();
			AtomicLong seq = new AtomicLong();
			// 1,000 a second
			this.publisher.scheduleAtFixedRate(() -> queuedFor.set(load.publish(seq.incrementAndGet())), 0, 1,
					TimeUnit.MILLISECONDS);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> received.get() >= 1000 || this.readFailure.get() != null);
			assertThat(this.readFailure.get()).isNull();
			assertThat(queuedFor.get()).as("subscribers each event was queued for").isEqualTo(2);

			NodeProcess.Result seed = node.run(NODE_TIMEOUT, node.interopScript("seed-client.js").toString(),
					address.toString());

			long afterSeed = received.get();
			assertThat(seed.exitCode()).as(seed::describe).isZero();
			assertThat(seed.stdoutLines()).as(seed::describe).containsExactlyElementsOf(SEED_OUTPUT);
			// seed-client.js notes every action it ignores: it received no event line
			assertThat(seed.stderr()).as(seed::describe).contains("PARSE_ERROR").doesNotContain("ignoring action");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> received.get() > afterSeed || this.readFailure.get() != null);
			assertThat(this.readFailure.get()).isNull();
		}
	}

	/**
	 * Reads the reader's lines on a thread of its own, counting the events of
	 * {@code load}, each of a higher {@code seq} than the one before (drop-oldest may
	 * skip some, never reorder them).
	 */
	private AtomicLong countEvents(LineClient reader) {
		AtomicLong received = new AtomicLong();
		Thread thread = new Thread(() -> {
			long last = 0;
			try {
				while (!this.stopReading) {
					JsonNode event = json.readTree(reader.readLine(Duration.ofSeconds(30)));
					assertThat(event.get("action").asString()).isEqualTo("event");
					assertThat(event.get("topic").asString()).isEqualTo("load");
					long seq = event.at("/data/seq").asLong();
					assertThat(seq).isGreaterThan(last);
					last = seq;
					received.incrementAndGet();
				}
			}
			catch (Throwable ex) {
				if (!this.stopReading) {
					this.readFailure.set(ex);
				}
			}
		}, "load-reader");
		thread.setDaemon(true);
		thread.start();
		return received;
	}

	private IpcAddress startSampleServer(String transport) throws IOException {
		String address = switch (transport) {
			case "unix" -> {
				this.socketDirectory = SocketPaths.newSocketDirectory();
				yield "unix:" + this.socketDirectory.resolve("sample.sock");
			}
			case "tcp" -> "tcp://127.0.0.1:0";
			default -> throw new IllegalArgumentException("unknown transport " + transport);
		};
		this.context = new SpringApplicationBuilder(SampleServerApplication.class, LoadPublisher.class)
			.web(WebApplicationType.NONE)
			.run("--ipc.server.address=" + address, "--ipc.server.topics=load");
		IpcServer server = this.context.getBean(IpcServer.class);
		assertThat(server.topics()).containsExactly("load", "clock");
		return server.address();
	}

}
