package dev.socketipc.client;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A balanced proxy over three real servers on loopback TCP, each behind a
 * {@link TcpRelay} so that one can die with calls in flight: calls are spread by the
 * balancer, fail over to another server when not written, are made again elsewhere after
 * a mid-call drop only when idempotent, and every call ends within its timeout with its
 * own server's answer.
 */
class BalancedClientTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	/** How long past its timeout a call may take to end before the test fails. */
	private static final Duration GRACE = Duration.ofSeconds(5);

	private static final ClientOptions OPTIONS = new ClientOptions("", TIMEOUT, Map.of());

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<TcpRelay> relays = new ArrayList<>();

	/** Which server each held call entered last, by the call's number. */
	private final Map<Integer, String> entered = new ConcurrentHashMap<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private RoundRobinBalancer balancer;

	interface Tagged {

		String echo(int n);

		CompletableFuture<String> echoAsync(int n);

		void ping();

		int length(String text);

		CompletableFuture<String> hold(int n);

		@IpcMethod(idempotent = true)
		CompletableFuture<String> holdAgain(int n);

	}

	/** Answers with its tag, so that a test knows which server answered. */
	public static class TaggedService {

		private final String tag;

		private final Map<Integer, String> entered;

		private final CountDownLatch release;

		TaggedService(String tag, Map<Integer, String> entered, CountDownLatch release) {
			this.tag = tag;
			this.entered = entered;
			this.release = release;
		}

		public String echo(int n) {
			return this.tag + ":" + n;
		}

		public String echoAsync(int n) {
			return echo(n);
		}

		public void ping() {
		}

		public int length(String text) {
			return text.length();
		}

		public String hold(int n) throws InterruptedException {
			this.entered.put(n, this.tag);
			this.release.await();
			return echo(n);
		}

		public String holdAgain(int n) throws InterruptedException {
			return hold(n);
		}

	}

	@BeforeEach
	void startServers() throws IOException {
		for (String tag : List.of("A", "B", "C")) {
			IpcServer server = ClientTestSockets.startServer(new IpcAddress.Tcp("127.0.0.1", 0),
					new TaggedService(tag, this.entered, this.release));
			this.servers.add(server);
			this.relays.add(TcpRelay.to(server.address()));
		}
	}

	@AfterEach
	void stop() throws IOException {
		this.release.countDown();
		if (this.balancer != null) {
			this.balancer.close();
		}
		for (TcpRelay relay : this.relays) {
			relay.close();
		}
		this.servers.forEach(IpcServer::stop);
	}

	private Tagged client(List<IpcAddress> addresses, int maxRetries, ClientOptions options) {
		this.balancer = new RoundRobinBalancer(addresses, maxRetries);
		return IpcClientFactory.create(Tagged.class, this.balancer, this.balancer.codec(), options);
	}

	private List<IpcAddress> relayed() {
		return this.relays.stream().map(TcpRelay::address).toList();
	}

	private static String tagOf(String answer) {
		return answer.substring(0, answer.indexOf(':'));
	}

	private static <T> T within(CompletableFuture<T> call) throws Exception {
		return call.get(TIMEOUT.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
	}

	private static Throwable failureOf(CompletableFuture<?> call) throws Exception {
		try {
			Object value = within(call);
			throw new AssertionError("expected the call to fail, but it answered " + value);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
	}

	@Test
	void sequentialCallsAreSpreadEvenlyOverTheServers() {
		Tagged client = client(relayed(), 1, OPTIONS);
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			String answer = client.echo(i);
			assertThat(answer).endsWith(":" + i);
			answers.add(tagOf(answer));
		}
		assertThat(answers.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())))
			.isEqualTo(Map.of("A", 100L, "B", 100L, "C", 100L));
		assertThat(this.balancer.connections()).hasSize(3);
		assertThat(this.balancer.endedTwice).hasValue(0);
	}

	@Test
	void blockingVoidAsyncAndPrimitiveMethodsWorkAsWithOneConnection() throws Exception {
		Tagged client = client(relayed(), 1, OPTIONS);
		assertThat(client.echo(1)).endsWith(":1");
		client.ping();
		assertThat(client.length("four")).isEqualTo(4);
		assertThat(within(client.echoAsync(7))).endsWith(":7");
		assertThat(client.toString()).isEqualTo("IpcClient[Tagged -> lb://test]");
	}

	@Test
	void concurrentCallersAllGetTheirOwnAnswersFromEveryServer() throws Exception {
		Tagged client = client(relayed(), 1, OPTIONS);
		ExecutorService callers = Executors.newFixedThreadPool(64);
		try {
			List<Future<List<String>>> results = new ArrayList<>();
			for (int caller = 0; caller < 64; caller++) {
				int base = caller * 1000;
				results.add(callers.submit(() -> {
					List<String> tags = new ArrayList<>();
					for (int i = 0; i < 20; i++) {
						String answer = client.echo(base + i);
						assertThat(answer).endsWith(":" + (base + i));
						tags.add(tagOf(answer));
					}
					return tags;
				}));
			}
			Map<String, Long> shares = new ConcurrentHashMap<>();
			for (Future<List<String>> result : results) {
				result.get(TIMEOUT.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)
					.forEach((tag) -> shares.merge(tag, 1L, Long::sum));
			}
			assertThat(shares.keySet()).containsExactlyInAnyOrder("A", "B", "C");
			assertThat(shares.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(64 * 20);
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void callsToARefusedServerGoToTheOthersAndNeverFail() throws Exception {
		IpcAddress refused = new IpcAddress.Tcp("127.0.0.1", SocketPaths.freePort());
		List<IpcAddress> addresses = List.of(refused, this.relays.get(0).address(), this.relays.get(1).address());
		Tagged client = client(addresses, 1, OPTIONS);
		Map<String, Long> shares = new ConcurrentHashMap<>();
		for (int i = 0; i < 60; i++) {
			String answer = client.echo(i);
			assertThat(answer).endsWith(":" + i);
			shares.merge(tagOf(answer), 1L, Long::sum);
		}
		assertThat(shares.keySet()).containsExactlyInAnyOrder("A", "B");
		assertThat(this.balancer.ended).filteredOn((ended) -> ended.address().equals(refused))
			.isNotEmpty()
			.allSatisfy((ended) -> assertThat(ended.failure()).isInstanceOfSatisfying(IpcConnectionException.class,
					(failure) -> assertThat(failure.requestSent()).isFalse()));
	}

}
