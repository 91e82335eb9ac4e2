package dev.socketipc.hardening;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lines longer than {@code max-line-length}: a newline-free flood is cut off as soon as
 * it passes the limit, without the server buffering it and without disturbing other
 * connections; an over-long line that does end in a newline takes the requests behind it
 * down with its connection.
 */
class OversizedLineTest {

	/** The server's max-line-length. */
	private static final int LIMIT = 64 * 1024;

	/**
	 * The flood: 1000 times the limit (the 1 GiB scaled down, so that the build
	 * stays fast).
	 */
	private static final long FLOOD = 1000L * LIMIT;

	private static final String TOO_LARGE = "{\"success\":false,\"error\":\"line exceeds the server's max-line-length of "
			+ LIMIT + " bytes; closing the connection\",\"code\":\"TOO_LARGE\"}";

	private Path directory;

	private ExecutorService executor;

	private ExecutorService clientThreads;

	private final CountingService service = new CountingService();

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<LineClient> clients = new ArrayList<>();

	@BeforeEach
	void setUp() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		// One thread, so that a call dispatched before a probe call is sure to have run
		// when the probe answers.
		this.executor = Executors.newSingleThreadExecutor();
		this.clientThreads = Executors.newFixedThreadPool(2);
	}

	@AfterEach
	void tearDown() throws IOException {
		for (LineClient client : this.clients) {
			client.close();
		}
		this.servers.forEach(IpcServer::stop);
		this.executor.shutdownNow();
		this.clientThreads.shutdownNow();
		SocketPaths.deleteRecursively(this.directory);
	}

	private IpcServer startServer(Transport transport) {
		IpcServer server = IpcServer.builder()
			.address(transport.bindAddress(this.directory))
			.service(ServiceDefinition.of("", this.service))
			.executor(this.executor)
			.maxLineLength(LIMIT)
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
	void newlineFreeFloodIsAnsweredTooLargeAndClosedLongBeforeItEndsWhileOtherClientsAreServed(Transport transport)
			throws Exception {
		IpcServer server = startServer(transport);
		LineClient healthy = connect(server);
		LineClient flooder = connect(server);
		CountDownLatch partialLineSent = new CountDownLatch(1);
		CountDownLatch healthyServedMeanwhile = new CountDownLatch(1);
		AtomicBoolean floodOver = new AtomicBoolean();
		long heapBefore = MemoryProbe.usedHeapAfterGc();
		MemoryProbe.Peak nettyPeak = MemoryProbe.samplePeakNettyMemory();
		long nettyBefore = MemoryProbe.nettyUsedMemory();

		CompletableFuture<List<JsonNode>> healthyAnswers = CompletableFuture.supplyAsync(() -> {
			awaitLatch(partialLineSent);
			List<JsonNode> answers = new ArrayList<>();
			// Calls one after the other all through the flood, and a few more after it.
			for (int i = 0; !floodOver.get() || i < 20; i++) {
				healthy.call(i, "add", i, 1);
				answers.add(JsonMapper.shared().readTree(healthy.readLine()));
				healthyServedMeanwhile.countDown();
			}
			return answers;
		}, this.clientThreads);
		CompletableFuture<Flood> flooding = CompletableFuture.supplyAsync(() -> {
			try {
				return flood(flooder, partialLineSent, healthyServedMeanwhile);
			}
			finally {
				floodOver.set(true);
			}
		}, this.clientThreads);

		Flood flood = flooding.get(TestSockets.WAIT.toSeconds(), TimeUnit.SECONDS);
		long nettyHighest = nettyPeak.stop();

		assertThat(flood.failure())
			.as("writing the flood failed: the server closed while %d of %d bytes were left", FLOOD - flood.written(),
					FLOOD)
			.isInstanceOf(IOException.class);
		assertThat(flood.written()).isLessThan(FLOOD);
		assertThat(flooder.readLine()).isEqualTo(TOO_LARGE);
		await().atMost(TestSockets.WAIT).until(flooder::isClosedByServer);

		List<JsonNode> answers = healthyAnswers.get(TestSockets.WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(answers).hasSizeGreaterThanOrEqualTo(20);
		for (int i = 0; i < answers.size(); i++) {
			assertThat(answers.get(i).toString())
				.isEqualTo("{\"success\":true,\"rid\":" + i + ",\"data\":" + (i + 1) + "}");
		}
		assertThat(this.service.adds).hasValue(answers.size());

		assertThat(nettyHighest - nettyBefore).as("peak growth of Netty's buffers during the flood")
			.isLessThan(32 * MemoryProbe.MIB);
		assertThat(MemoryProbe.usedHeapAfterGc() - heapBefore).as("heap growth after the flood")
			.isLessThan(32 * MemoryProbe.MIB);
	}

	/**
	 * Writes a partial line well under the limit, waits until the healthy client has been
	 * served while the flooder holds it open, then streams the rest of the flood without
	 * a newline until done or the write fails.
	 */
	private static Flood flood(LineClient flooder, CountDownLatch partialLineSent,
			CountDownLatch healthyServedMeanwhile) {
		byte[] chunk = new byte[16 * 1024];
		Arrays.fill(chunk, (byte) 'a');
		long written = 0;
		try {
			flooder.write(ByteBuffer.wrap(chunk));
			written += chunk.length;
			partialLineSent.countDown();
			awaitLatch(healthyServedMeanwhile);
			while (written < FLOOD) {
				flooder.write(ByteBuffer.wrap(chunk));
				written += chunk.length;
			}
			return new Flood(written, null);
		}
		catch (IOException ex) {
			return new Flood(written, ex);
		}
		finally {
			partialLineSent.countDown();
		}
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			if (!latch.await(TestSockets.WAIT.toSeconds(), TimeUnit.SECONDS)) {
				throw new AssertionError("gave up waiting after " + TestSockets.WAIT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	private record Flood(long written, IOException failure) {
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void overLongLineEndingInANewlineClosesTheConnectionAndTheRequestBehindItNeverRuns(Transport transport)
			throws IOException {
		IpcServer server = startServer(transport);
		LineClient client = connect(server);
		String overLong = LineClient.request(1, "echo", "x".repeat(LIMIT));
		String valid = LineClient.request(2, "echo", "after");

		client.write(overLong + "\n" + valid + "\n");

		assertThat(client.readLine()).isEqualTo(TOO_LARGE);
		await().atMost(TestSockets.WAIT).until(client::isClosedByServer);
		LineClient probe = connect(server);
		probe.call(1, "invocations");
		assertThat(probe.readLine()).as("calls dispatched").isEqualTo("{\"success\":true,\"rid\":1,\"data\":0}");
	}

	/** Counts the calls it serves. */
	static final class CountingService {

		final AtomicInteger adds = new AtomicInteger();

		private final AtomicInteger echoes = new AtomicInteger();

		public int add(int a, int b) {
			this.adds.incrementAndGet();
			return a + b;
		}

		public String echo(String text) {
			this.echoes.incrementAndGet();
			return text;
		}

		/** How many calls to {@code add} and {@code echo} ran. */
		public int invocations() {
			return this.adds.get() + this.echoes.get();
		}

	}

}
