package dev.socketipc.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcConnectionException;
import dev.socketipc.client.IpcRemoteException;
import dev.socketipc.client.IpcTimeoutException;
import dev.socketipc.client.ReconnectBackoff;
import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Soak: one million calls from several proxies, over a Unix socket and TCP, while the
 * servers are restarted again and again. Every answer must belong to its call (zero wrong
 * answers; calls cut by a restart may fail, and are counted, but only with the documented
 * connection, timeout or {@code SHUTTING_DOWN} errors), and file descriptors, threads and
 * heap must be back where they were at the warm start once the run is over. Netty's leak
 * detection runs too (see {@code dev.socketipc.leak.NettyLeakGate}).
 */
@Tag("soak")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SoakTest {

	private static final int TOTAL_CALLS = 1_000_000;

	private static final int WARM_UP_CALLS = 40_000;

	/** Clients per transport; each has its own connection and proxy. */
	private static final int CLIENTS_PER_TRANSPORT = 2;

	private static final int MAX_IN_FLIGHT_PER_CLIENT = 64;

	/**
	 * A server is restarted each time this many more calls have completed, alternating
	 * Unix and TCP.
	 */
	private static final int CALLS_BETWEEN_RESTARTS = 50_000;

	private static final int FD_TOLERANCE = 10;

	private static final int THREAD_TOLERANCE = 5;

	private static final long HEAP_TOLERANCE_BYTES = 32L * 1024 * 1024;

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

	private static final ReconnectBackoff FAST_BACKOFF = new ReconnectBackoff(Duration.ofMillis(10),
			Duration.ofMillis(100), 2.0, 0.2);

	private final List<RestartableServer> servers = new ArrayList<>();

	private final List<IpcConnection> connections = new ArrayList<>();

	private final List<Client> clients = new ArrayList<>();

	private ThreadPoolExecutor serviceExecutor;

	private ExecutorService faults;

	private Path socketDirectory;

	@BeforeEach
	void startServersAndClients() throws IOException {
		this.socketDirectory = SocketPaths.newSocketDirectory();
		// The servers' calls run on one fixed pool that outlives restarts, as an
		// application's task executor does,
		// so that the thread count measures what the IPC layer itself keeps.
		this.serviceExecutor = (ThreadPoolExecutor) Executors.newFixedThreadPool(4);
		this.serviceExecutor.prestartAllCoreThreads();
		this.faults = Executors.newSingleThreadExecutor();
		Path socket = this.socketDirectory.resolve("soak.sock");
		assertThat(socket.toString().length()).isLessThan(100);
		this.servers.add(new RestartableServer(new IpcAddress.Unix(socket), this.serviceExecutor));
		this.servers.add(new RestartableServer(new IpcAddress.Tcp("127.0.0.1", 0), this.serviceExecutor));
		int id = 0;
		for (RestartableServer server : this.servers) {
			for (int i = 0; i < CLIENTS_PER_TRANSPORT; i++) {
				IpcConnection connection = IpcConnection.builder(server.address())
					.reconnectBackoff(FAST_BACKOFF)
					.build();
				this.connections.add(connection);
				// Calls wait through a restart rather than fail fast while the server is
				// down (issue 8.21): only the
				// calls a restart cuts may fail.
				SoakClient proxy = IpcClientFactory.create(SoakClient.class, connection,
						new ClientOptions("", CALL_TIMEOUT, Map.of(), true));
				this.clients.add(new Client(id++, proxy));
			}
		}
	}

	@AfterEach
	void stopEverything() throws IOException {
		try {
			this.connections.forEach(IpcConnection::close);
			this.servers.forEach(RestartableServer::stop);
			this.faults.shutdownNow();
			this.serviceExecutor.shutdownNow();
		}
		finally {
			SocketPaths.deleteRecursively(this.socketDirectory);
		}
	}

	@Test
	void millionCallsWithServerRestartsGiveNoWrongAnswerAndLeakNoResources() throws Exception {
		// Warm up: JIT, pools, lazily started threads, and one restart of each server.
		Run warmUp = run(WARM_UP_CALLS, WARM_UP_CALLS / 3);
		assertThat(warmUp.wrongAnswers()).isEmpty();
		assertThat(warmUp.unexpectedFailures()).isEmpty();
		awaitClientsReady();
		long startHeap = heapAfterGc();
		long startFds = openFileDescriptors();
		int startThreads = liveThreads();

		long began = System.nanoTime();
		Run soak = run(TOTAL_CALLS, CALLS_BETWEEN_RESTARTS);
		Duration took = Duration.ofNanos(System.nanoTime() - began);

		System.out.printf("Soak: %,d calls in %s: %,d answered, %,d failed by %d restarts, %d wrong, %d unexpected%n",
				TOTAL_CALLS, took, soak.succeeded.sum(), soak.failedByFaults.sum(), soak.restarts.get(),
				soak.wrongAnswers.size(), soak.unexpectedFailures.size());
		assertThat(soak.wrongAnswers()).as("answers that do not match their call's arguments").isEmpty();
		assertThat(soak.unexpectedFailures()).as("failures other than connection loss, timeout or SHUTTING_DOWN")
			.isEmpty();
		assertThat(soak.succeeded.sum() + soak.failedByFaults.sum()).isEqualTo(TOTAL_CALLS);
		assertThat(soak.restarts.get()).as("server restarts").isEqualTo(TOTAL_CALLS / CALLS_BETWEEN_RESTARTS);
		assertThat(soak.failedByFaults.sum()).as("calls cut by restarts (the faults must be felt)").isPositive();
		assertThat(soak.succeeded.sum()).as("answered calls").isGreaterThan(TOTAL_CALLS * 99L / 100);

		// The threads and sockets of the stopped server instances go away asynchronously.
		awaitClientsReady();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(openFileDescriptors()).as("open file descriptors (%d at the warm start)", startFds)
				.isLessThanOrEqualTo(startFds + FD_TOLERANCE);
			assertThat(liveThreads()).as("live threads (%d at the warm start)", startThreads)
				.isLessThanOrEqualTo(startThreads + THREAD_TOLERANCE);
		});
		long endHeap = heapAfterGc();
		System.out.printf("Soak: fds %d -> %d, threads %d -> %d, used heap after GC %,d KiB -> %,d KiB%n", startFds,
				openFileDescriptors(), startThreads, liveThreads(), startHeap / 1024, endHeap / 1024);
		assertThat(endHeap).as("used heap after GC (%,d bytes at the warm start)", startHeap)
			.isLessThan(startHeap + HEAP_TOLERANCE_BYTES);
	}

	/**
	 * Makes {@code total} calls spread over the clients, each keeping at most
	 * {@link #MAX_IN_FLIGHT_PER_CLIENT} pending, and restarts a server each time
	 * {@code restartEvery} more calls have completed.
	 */
	private Run run(int total, int restartEvery) throws InterruptedException {
		Run run = new Run(restartEvery);
		int perClient = total / this.clients.size();
		List<Thread> drivers = new ArrayList<>();
		for (Client client : this.clients) {
			Thread driver = new Thread(() -> drive(client, perClient, run), "soak-client-" + client.id);
			drivers.add(driver);
			driver.start();
		}
		for (Thread driver : drivers) {
			driver.join();
		}
		// The last restart may still be running: wait for it before taking measures.
		try {
			this.faults.submit(() -> {
			}).get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
		return run;
	}

	private void drive(Client client, int calls, Run run) {
		Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT_PER_CLIENT);
		for (long seq = 0; seq < calls; seq++) {
			inFlight.acquireUninterruptibly();
			long call = seq;
			CompletableFuture<String> answer = client.proxy.tag(client.id, call);
			answer.whenComplete((value, failure) -> {
				try {
					run.check(client.id, call, value, failure);
					if (run.completed.incrementAndGet() % run.restartEvery == 0) {
						RestartableServer server = this.servers
							.get(run.restarts.getAndIncrement() % this.servers.size());
						this.faults.execute(() -> restart(server, run));
					}
				}
				finally {
					inFlight.release();
				}
			});
		}
		inFlight.acquireUninterruptibly(MAX_IN_FLIGHT_PER_CLIENT);
	}

	private static void restart(RestartableServer server, Run run) {
		try {
			server.restart();
		}
		catch (RuntimeException ex) {
			run.unexpectedFailures.add("restarting " + server.address() + " failed: " + ex);
		}
	}

	private void awaitClientsReady() {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.connections.stream()
				.allMatch((connection) -> connection.isReady() && connection.pendingCalls() == 0));
	}

	private static long openFileDescriptors() throws IOException {
		try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
			return open.count();
		}
	}

	private static int liveThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	/**
	 * Runs full GCs, waiting each time until the references it cleared were enqueued,
	 * then reads the used heap.
	 */
	private static long heapAfterGc() {
		for (int i = 0; i < 2; i++) {
			ReferenceQueue<Object> queue = new ReferenceQueue<>();
			WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
			System.gc();
			try {
				queue.remove(TimeUnit.SECONDS.toMillis(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			sentinel.clear();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/** The client interface of {@link SoakService}. */
	interface SoakClient {

		CompletableFuture<String> tag(int client, long seq);

	}

	/**
	 * Answers with a value derived from every argument, so that any answer given to the
	 * wrong call shows.
	 */
	public static class SoakService {

		public String tag(int client, long seq) {
			return expected(client, seq);
		}

	}

	static String expected(int client, long seq) {
		return client + ":" + seq + ":" + Long.toHexString(seq * 31 + client);
	}

	private record Client(int id, SoakClient proxy) {
	}

	/** What one run counted. */
	private static final class Run {

		final int restartEvery;

		final AtomicInteger restarts = new AtomicInteger();

		final AtomicInteger completed = new AtomicInteger();

		final LongAdder succeeded = new LongAdder();

		final LongAdder failedByFaults = new LongAdder();

		final Queue<String> wrongAnswers = new ConcurrentLinkedQueue<>();

		final Queue<String> unexpectedFailures = new ConcurrentLinkedQueue<>();

		Run(int restartEvery) {
			this.restartEvery = restartEvery;
		}

		void check(int client, long seq, String value, Throwable failure) {
			if (failure == null) {
				if (expected(client, seq).equals(value)) {
					this.succeeded.increment();
				}
				else {
					this.wrongAnswers.add("client " + client + " call " + seq + " got " + value);
				}
				return;
			}
			Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
					? failure.getCause() : failure;
			boolean fault = cause instanceof IpcConnectionException || cause instanceof IpcTimeoutException
					|| (cause instanceof IpcRemoteException remote && remote.getCode() == ErrorCode.SHUTTING_DOWN);
			if (fault) {
				this.failedByFaults.increment();
			}
			else {
				this.unexpectedFailures.add("client " + client + " call " + seq + " failed: " + cause);
			}
		}

		List<String> wrongAnswers() {
			return List.copyOf(this.wrongAnswers).subList(0, Math.min(20, this.wrongAnswers.size()));
		}

		List<String> unexpectedFailures() {
			return List.copyOf(this.unexpectedFailures).subList(0, Math.min(20, this.unexpectedFailures.size()));
		}

	}

	/**
	 * A server on a fixed address that a restart replaces with a new instance, as a
	 * process restart would.
	 */
	private static final class RestartableServer {

		private final ThreadPoolExecutor executor;

		private final IpcAddress address;

		private IpcServer server;

		RestartableServer(IpcAddress address, ThreadPoolExecutor executor) {
			this.executor = executor;
			this.server = start(address);
			this.address = this.server.address();
		}

		private IpcServer start(IpcAddress address) {
			IpcServer started = IpcServer.builder()
				.address(address)
				.service(ServiceDefinition.of("", new SoakService()))
				.executor(this.executor)
				.ioThreads(1)
				.shutdownTimeout(Duration.ofMillis(200))
				.build();
			started.start();
			return started;
		}

		IpcAddress address() {
			return this.address;
		}

		synchronized void restart() {
			this.server.stop();
			// A TCP port may take a moment to be bindable again; a Unix socket path is
			// free at once.
			await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
				this.server = start(this.address);
				return true;
			});
		}

		synchronized void stop() {
			this.server.stop();
		}

	}

}
