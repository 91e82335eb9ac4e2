package dev.socketipc.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.socketipc.annotation.IpcTopic;
import dev.socketipc.client.TaggedServers.Tagged;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A balanced proxy over three real servers on loopback TCP: calls are spread by the
 * balancer, each attempt through the interceptors with its server's address; a call that
 * could not be written goes to another server; blocking, void, async, primitive and
 * streaming methods behave as with one connection.
 */
class BalancedClientTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	/** How long past its timeout a call may take to end before the test fails. */
	private static final Duration GRACE = Duration.ofSeconds(5);

	private static final ClientOptions OPTIONS = new ClientOptions("", TIMEOUT, Map.of());

	private TaggedServers servers;

	private RoundRobinBalancer balancer;

	@BeforeEach
	void startServers() throws Exception {
		this.servers = TaggedServers.start();
	}

	@AfterEach
	void stop() throws Exception {
		if (this.balancer != null) {
			this.balancer.close();
		}
		this.servers.close();
	}

	private Tagged client(List<IpcAddress> addresses, int maxRetries, ClientOptions options) {
		this.balancer = new RoundRobinBalancer(addresses, maxRetries);
		return IpcClientFactory.create(Tagged.class, this.balancer, this.balancer.codec(), options);
	}

	private static <T> T within(CompletableFuture<T> call) throws Exception {
		return call.get(TIMEOUT.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
	}

	private static IpcAddress refusedAddress() throws Exception {
		return new IpcAddress.Tcp("127.0.0.1", SocketPaths.freePort());
	}

	@Test
	void sequentialCallsAreSpreadEvenlyOverTheServers() {
		Tagged client = client(this.servers.addresses(), 1, OPTIONS);
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			String answer = client.echo(i);
			assertThat(answer).endsWith(":" + i);
			answers.add(TaggedServers.tagOf(answer));
		}
		assertThat(answers.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())))
			.isEqualTo(Map.of("A", 100L, "B", 100L, "C", 100L));
		assertThat(this.balancer.connections()).hasSize(3);
		assertThat(this.balancer.ended).hasSize(300).allSatisfy((ended) -> assertThat(ended.failure()).isNull());
		assertThat(this.balancer.endedTwice).hasValue(0);
	}

	@Test
	void blockingVoidAsyncAndPrimitiveMethodsWorkAsWithOneConnection() throws Exception {
		Tagged client = client(this.servers.addresses(), 1, OPTIONS);
		assertThat(client.echo(1)).endsWith(":1");
		client.ping();
		assertThat(client.length("four")).isEqualTo(4);
		assertThat(within(client.echoAsync(7))).endsWith(":7");
		assertThat(client.toString()).isEqualTo("IpcClient[Tagged -> lb://test]");
	}

	@Test
	void concurrentCallersAllGetTheirOwnAnswersFromEveryServer() throws Exception {
		Tagged client = client(this.servers.addresses(), 1, OPTIONS);
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
						tags.add(TaggedServers.tagOf(answer));
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
		IpcAddress refused = refusedAddress();
		Tagged client = client(List.of(refused, this.servers.address("A"), this.servers.address("B")), 1, OPTIONS);
		Map<String, Long> shares = new ConcurrentHashMap<>();
		for (int i = 0; i < 60; i++) {
			String answer = client.echo(i);
			assertThat(answer).endsWith(":" + i);
			shares.merge(TaggedServers.tagOf(answer), 1L, Long::sum);
		}
		assertThat(shares.keySet()).containsExactlyInAnyOrder("A", "B");
		assertThat(this.balancer.ended).filteredOn((ended) -> ended.address().equals(refused))
			.isNotEmpty()
			.allSatisfy((ended) -> assertThat(ended.failure()).isInstanceOfSatisfying(IpcConnectionException.class,
					(failure) -> assertThat(failure.requestSent()).isFalse()));
		assertThat(this.balancer.endedTwice).hasValue(0);
	}

	@Test
	void interceptorsRunAroundEachAttemptWithItsServersAddress() throws Exception {
		IpcAddress refused = refusedAddress();
		List<IpcAddress> seen = new CopyOnWriteArrayList<>();
		IpcClientInterceptor recording = (call, next) -> {
			seen.add(call.address());
			return next.proceed(call);
		};
		Tagged client = client(List.of(refused, this.servers.address("B")), 1,
				OPTIONS.withInterceptors(List.of(recording)));
		assertThat(client.echo(5)).isEqualTo("B:5");
		assertThat(seen).containsExactly(refused, this.servers.address("B"));
	}

	@Test
	void aBalancerWithNoServerFailsTheCallAsNotSentNamingTheService() {
		Tagged client = client(List.of(), 1, OPTIONS);
		assertThatExceptionOfType(IpcConnectionException.class).isThrownBy(() -> client.echo(1))
			.withMessage("IPC call 'echo' not sent: no instance of lb://test is available")
			.satisfies((failure) -> assertThat(failure.requestSent()).isFalse());
		assertThat(this.balancer.ended).isEmpty();
	}

	@Test
	void aStreamGoesToOneServerAfterThoseItCouldNotReach() throws Exception {
		IpcAddress refused = refusedAddress();
		Tagged client = client(List.of(refused, this.servers.address("C")), 1, OPTIONS);
		RecordingSubscriber<String> subscriber = new RecordingSubscriber<>(10);
		client.letters(3).subscribe(subscriber);
		subscriber.awaitTermination();
		assertThat(subscriber.error).isNull();
		assertThat(subscriber.items).containsExactly("C:a", "C:b", "C:c");
		assertThat(this.balancer.ended).extracting(RoundRobinBalancer.Ended::address)
			.containsExactly(refused, this.servers.address("C"));
	}

	interface WithTopic {

		@IpcTopic("prices")
		Flow.Publisher<String> prices();

	}

	@Test
	void topicMethodsAreRefusedAtCreationSinceATopicBelongsToOneServer() {
		this.balancer = new RoundRobinBalancer(List.of(), 1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IpcClientFactory.create(WithTopic.class, this.balancer, WireCodec.create(), OPTIONS))
			.withMessage("@IpcTopic method cannot be called through lb://test: a topic belongs to one server, "
					+ "whose IpcConnection subscribes to it for method WithTopic.prices");
	}

	@Test
	void onlyInterfacesGetABalancedProxy() {
		this.balancer = new RoundRobinBalancer(List.of(), 1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IpcClientFactory.create(Object.class, this.balancer, WireCodec.create(), OPTIONS))
			.withMessage("@IpcClient type java.lang.Object must be an interface");
	}

	static Throwable failureOf(CompletableFuture<?> call) throws Exception {
		return failureOf(call, TIMEOUT.plus(GRACE));
	}

	static Throwable failureOf(CompletableFuture<?> call, Duration within) throws Exception {
		try {
			Object value = call.get(within.toMillis(), TimeUnit.MILLISECONDS);
			throw new AssertionError("expected the call to fail, but it answered " + value);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
	}

}
