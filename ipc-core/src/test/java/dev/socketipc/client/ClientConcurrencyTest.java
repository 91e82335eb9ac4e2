package dev.socketipc.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads share one multiplexed connection and one proxy: every caller must get its
 * own answer, whether the server answers at once or later and out of order.
 */
class ClientConcurrencyTest {

	private static final int THREADS = 64;

	private static final int CALLS_PER_THREAD = 1_000;

	/** One call in this many is a slow one, answered after a random delay. */
	private static final int SLOW_EVERY = 10;

	private Path directory;

	private MixedService service;

	private IpcServer server;

	private IpcConnection connection;

	private ExecutorService callers;

	@BeforeEach
	void startServer() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		this.service = new MixedService();
		this.server = ClientTestSockets.startServer(ClientTestSockets.unixAddress(this.directory, "mixed.sock"),
				this.service);
		this.connection = ClientTestSockets.connection(this.server.address());
	}

	@AfterEach
	void stopEverything() throws IOException {
		if (this.callers != null) {
			this.callers.shutdownNow();
		}
		this.connection.close();
		this.server.stop();
		SocketPaths.deleteRecursively(this.directory);
	}

	static class MixedService {

		final AtomicLong calls = new AtomicLong();

		public int add(int a, int b) {
			this.calls.incrementAndGet();
			return a + b;
		}

		public CompletableFuture<Long> slowMultiply(long a, long b, int delayMillis) {
			this.calls.incrementAndGet();
			return CompletableFuture.supplyAsync(() -> a * b,
					CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
		}

	}

	interface Mixed {

		int add(int a, int b);

		CompletableFuture<Long> slowMultiply(long a, long b, int delayMillis);

	}

	@Test
	void everyCallerGetsItsOwnAnswerOnOneSharedConnection() throws Exception {
		Mixed client = IpcClientFactory.create(Mixed.class, this.connection, ClientOptions.defaults());
		ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
		CountDownLatch start = new CountDownLatch(1);
		this.callers = Executors.newFixedThreadPool(THREADS);
		List<Future<Integer>> results = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			results.add(this.callers.submit(() -> {
				start.await();
				ThreadLocalRandom random = ThreadLocalRandom.current();
				int correct = 0;
				for (int i = 0; i < CALLS_PER_THREAD; i++) {
					if (i % SLOW_EVERY == 0) {
						long a = random.nextLong(-1_000_000, 1_000_000);
						long b = random.nextLong(-1_000_000, 1_000_000);
						long product = client.slowMultiply(a, b, random.nextInt(1, 6)).get(30, TimeUnit.SECONDS);
						if (product == a * b) {
							correct++;
						}
						else {
							wrong.add(a + " * " + b + " answered " + product);
						}
					}
					else {
						int a = random.nextInt(-1_000_000, 1_000_000);
						int b = random.nextInt(-1_000_000, 1_000_000);
						int sum = client.add(a, b);
						if (sum == a + b) {
							correct++;
						}
						else {
							wrong.add(a + " + " + b + " answered " + sum);
						}
					}
				}
				return correct;
			}));
		}
		start.countDown();
		int correct = 0;
		for (Future<Integer> result : results) {
			correct += result.get(2, TimeUnit.MINUTES);
		}

		assertThat(wrong).isEmpty();
		assertThat(correct).isEqualTo(THREADS * CALLS_PER_THREAD);
		assertThat(this.service.calls).hasValue(THREADS * CALLS_PER_THREAD);
		assertThat(this.connection.pendingCalls()).isZero();
		assertThat(this.connection.isReady()).isTrue();
	}

}
