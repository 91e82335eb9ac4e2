package dev.socketipc.hardening;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
 * Outbound backpressure: a client that pipelines a great many requests and never reads
 * its answers makes the server stop reading it (so the client's writes block) instead of
 * buffering every answer, and gets every answer once it reads.
 */
class BackpressureTest {

	private static final int REQUESTS = 100_000;

	/**
	 * Makes each request and answer about 150 bytes: 15 MB each way, far more than the
	 * sockets buffer.
	 */
	private static final String PADDING = "x".repeat(100);

	/**
	 * Small socket buffers on the client side of a TCP connection (the server's are the
	 * kernel's defaults).
	 */
	private static final int CLIENT_TCP_BUFFER = 16 * 1024;

	private Path directory;

	private ExecutorService writerThread;

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<LineClient> clients = new ArrayList<>();

	@BeforeEach
	void setUp() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		this.writerThread = Executors.newSingleThreadExecutor();
	}

	@AfterEach
	void tearDown() throws IOException {
		for (LineClient client : this.clients) {
			client.close();
		}
		this.writerThread.shutdownNow();
		this.servers.forEach(IpcServer::stop);
		SocketPaths.deleteRecursively(this.directory);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void clientPipeliningWithoutReadingIsNoLongerReadAndGetsEveryAnswerOnceItReads(Transport transport)
			throws Exception {
		IpcServer server = IpcServer.builder()
			.address(transport.bindAddress(this.directory))
			.service(ServiceDefinition.of("", new EchoService()))
			.build();
		this.servers.add(server);
		server.start();
		LineClient client = LineClient.connectWithoutReading(server.address().socketAddress(), CLIENT_TCP_BUFFER);
		this.clients.add(client);
		long heapBefore = MemoryProbe.usedHeapAfterGc();
		long nettyBefore = MemoryProbe.nettyUsedMemory();
		AtomicLong written = new AtomicLong();

		CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> writeRequests(client, written),
				this.writerThread);

		// The writer's progress stalls for a while before it is done: its writes block,
		// the server no longer reads.
		AtomicLong lastSeen = new AtomicLong(-1);
		await().atMost(Duration.ofSeconds(30))
			.during(Duration.ofMillis(500))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> lastSeen.getAndSet(written.get()) == written.get() && !writer.isDone());
		long stalledAt = written.get();
		assertThat(writer).as("the writer is blocked, %d bytes in", stalledAt).isNotDone();
		assertThat(MemoryProbe.nettyUsedMemory() - nettyBefore)
			.as("growth of Netty's buffers while the client is stalled")
			.isLessThan(16 * MemoryProbe.MIB);
		assertThat(MemoryProbe.usedHeapAfterGc() - heapBefore).as("heap growth while the client is stalled")
			.isLessThan(64 * MemoryProbe.MIB);

		client.startReading();

		assertThat(JsonMapper.shared().readTree(client.readLine()).path("action").asString()).isEqualTo("register");
		BitSet answered = new BitSet(REQUESTS + 1);
		List<String> wrong = new ArrayList<>();
		for (int i = 0; i < REQUESTS; i++) {
			JsonNode answer = JsonMapper.shared().readTree(client.readLine());
			int rid = answer.path("rid").asInt(0);
			if (!answer.path("success").asBoolean(false) || !payload(rid).equals(answer.path("data").asString(null))
					|| answered.get(rid)) {
				wrong.add(answer.toString());
			}
			answered.set(rid);
		}
		assertThat(wrong).as("wrong, failed or repeated answers").isEmpty();
		assertThat(answered.cardinality()).isEqualTo(REQUESTS);
		assertThat(answered.nextSetBit(0)).isOne();
		assertThat(writer.get(TestSockets.WAIT.toSeconds(), TimeUnit.SECONDS)).isGreaterThan(stalledAt);
	}

	private static String payload(int rid) {
		return rid + ":" + PADDING;
	}

	/**
	 * Writes every request in chunks of about 8 KiB, counting the bytes written; returns
	 * the total.
	 */
	private static long writeRequests(LineClient client, AtomicLong written) {
		StringBuilder chunk = new StringBuilder(16 * 1024);
		try {
			for (int rid = 1; rid <= REQUESTS; rid++) {
				chunk.append(LineClient.request(rid, "echo", payload(rid))).append('\n');
				if (chunk.length() >= 8 * 1024 || rid == REQUESTS) {
					byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
					client.write(ByteBuffer.wrap(bytes));
					written.addAndGet(bytes.length);
					chunk.setLength(0);
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("writing failed after " + written.get() + " bytes", ex);
		}
		return written.get();
	}

	/** Echoes its argument. */
	static final class EchoService {

		public String echo(String text) {
			return text;
		}

	}

}
