package dev.socketipc.server;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.annotation.IpcTopic;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.TestTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @IpcTopic} methods over real Unix and TCP sockets: invoked once per subscribing
 * connection with its peer bound, items become that connection's events, and the
 * publisher is cancelled on {@code $unsubscribe} and when the connection closes.
 */
class TopicMethodTest {

	/**
	 * How long a line may wait while an endless publisher is being written: a bound
	 * against a starved event loop (the server needs milliseconds; before it yielded, it
	 * needed 6 to 9 seconds), not a timing.
	 */
	private static final Duration SERVED = Duration.ofSeconds(3);

	private final EventServers servers = new EventServers();

	private final TickService service = new TickService();

	@AfterEach
	void close() throws IOException {
		this.servers.close();
	}

	private IpcServer start(TestTransport transport) throws IOException {
		return this.servers.start(transport,
				(builder) -> builder.service(ServiceDefinition.of("", this.service)).topic("ticks").topic("plain"));
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void topicsOfMethodsAreListedAfterTheBuilderOnesAndNotAsMethods(TestTransport transport) throws IOException {
		IpcServer server = start(transport);

		assertThat(server.topics()).containsExactly("ticks", "plain", "flux");
		assertThat(server.methodNames()).containsExactly("ping");
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void eachSubscriberGetsItsOwnItemsAndUnsubscribingCancels(TestTransport transport) throws Exception {
		IpcServer server = start(transport);
		LineClient first = this.servers.connect(server);
		LineClient second = this.servers.connect(server);

		EventServers.subscribe(first, 1, "ticks");
		assertThat(first.readLines(3)).containsExactly("{\"action\":\"event\",\"topic\":\"ticks\",\"data\":1}",
				"{\"action\":\"event\",\"topic\":\"ticks\",\"data\":2}",
				"{\"action\":\"event\",\"topic\":\"ticks\",\"data\":3}");
		EventServers.subscribe(second, 1, "ticks");
		assertThat(second.readLines(3)).containsExactly("{\"action\":\"event\",\"topic\":\"ticks\",\"data\":1}",
				"{\"action\":\"event\",\"topic\":\"ticks\",\"data\":2}",
				"{\"action\":\"event\",\"topic\":\"ticks\",\"data\":3}");
		assertThat(this.service.peers.get()).isEqualTo(2);

		first.call(2, "$unsubscribe", "ticks");
		assertThat(first.readLine()).isEqualTo("{\"success\":true,\"rid\":2,\"data\":null}");
		assertThat(this.service.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(server.events().subscribers("ticks")).isOne();
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void closingTheConnectionCancelsItsPublisher(TestTransport transport) throws Exception {
		IpcServer server = start(transport);
		LineClient client = this.servers.connect(server);
		EventServers.subscribe(client, 1, "ticks");
		assertThat(client.readLine()).isEqualTo("{\"action\":\"event\",\"topic\":\"ticks\",\"data\":1}");

		client.close();

		assertThat(this.service.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void stoppingTheServerCancelsThePublishers(TestTransport transport) throws Exception {
		IpcServer server = start(transport);
		LineClient client = this.servers.connect(server);
		EventServers.subscribe(client, 1, "ticks");
		assertThat(client.readLine()).isEqualTo("{\"action\":\"event\",\"topic\":\"ticks\",\"data\":1}");

		server.stop();

		assertThat(this.service.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(server.events().subscribers("ticks")).isZero();
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void aFluxTopicFeedsItsSubscriber(TestTransport transport) throws Exception {
		IpcServer server = start(transport);
		LineClient client = this.servers.connect(server);

		EventServers.subscribe(client, 1, "flux");

		assertThat(client.readLines(2)).containsExactly("{\"action\":\"event\",\"topic\":\"flux\",\"data\":\"a\"}",
				"{\"action\":\"event\",\"topic\":\"flux\",\"data\":\"b\"}");
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void aSynchronousEndlessPublisherLeavesTheEventLoopToOtherLinesAndConnections(TestTransport transport)
			throws Exception {
		EndlessTopicService endless = new EndlessTopicService();
		IpcServer server = this.servers.start(transport,
				(builder) -> builder.service(ServiceDefinition.of("", endless)).ioThreads(1));
		LineClient subscriber = this.servers.connect(server);
		LineClient second = this.servers.connect(server);
		LineClient other = this.servers.connect(server);
		for (LineClient client : List.of(subscriber, second)) {
			EventServers.subscribe(client, 1, "endless");
			assertThat(client.readLine()).isEqualTo("{\"action\":\"event\",\"topic\":\"endless\",\"data\":1}");
		}

		other.call(1, "ping");
		assertThat(other.readLine(SERVED)).as("a call of another connection on the same event loop")
			.isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"pong\"}");
		subscriber.call(2, "$unsubscribe", "endless");

		assertThat(endless.cancelled.await(SERVED.toSeconds(), TimeUnit.SECONDS)).as("the publisher was cancelled")
			.isTrue();
		String line;
		do {
			line = subscriber.readLine();
		}
		while (line.startsWith("{\"action\":\"event\""));
		assertThat(line).isEqualTo("{\"success\":true,\"rid\":2,\"data\":null}");
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void aPublisherThrowingFromRequestIsCancelledAndTheConnectionsOtherEventsFlow(TestTransport transport)
			throws Exception {
		ThrowingTopicService throwing = new ThrowingTopicService();
		IpcServer server = this.servers.start(transport,
				(builder) -> builder.service(ServiceDefinition.of("", throwing)).topic("plain"));
		LineClient client = this.servers.connect(server);
		EventServers.subscribe(client, 1, "plain");
		EventServers.subscribe(client, 2, "throwing");
		for (int i = 1; i <= TopicFeed.WINDOW; i++) {
			assertThat(client.readLine()).isEqualTo("{\"action\":\"event\",\"topic\":\"throwing\",\"data\":" + i + "}");
		}

		assertThat(throwing.cancelled.await(10, TimeUnit.SECONDS)).as("the publisher was cancelled").isTrue();
		assertThat(server.events().publish("plain", "after")).isOne();
		assertThat(client.readLine()).isEqualTo("{\"action\":\"event\",\"topic\":\"plain\",\"data\":\"after\"}");
		client.call(3, "ping");
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":3,\"data\":\"pong\"}");
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void subscribingAgainAfterThePublisherEndedRunsTheMethodAgain(TestTransport transport) throws Exception {
		OnceTopicService once = new OnceTopicService();
		IpcServer server = this.servers.start(transport, (builder) -> builder.service(ServiceDefinition.of("", once)));
		LineClient client = this.servers.connect(server);
		EventServers.subscribe(client, 1, "once");
		assertThat(client.readLine()).isEqualTo("{\"action\":\"event\",\"topic\":\"once\",\"data\":1}");

		EventServers.subscribe(client, 2, "once");

		assertThat(client.readLine()).isEqualTo("{\"action\":\"event\",\"topic\":\"once\",\"data\":1}");
		assertThat(once.runs).hasValue(2);
	}

	/** A service with two topics of its own and a method. */
	public static final class TickService {

		final AtomicInteger peers = new AtomicInteger();

		final CountDownLatch cancelled = new CountDownLatch(1);

		public String ping() {
			return "pong";
		}

		@IpcTopic("ticks")
		public Flow.Publisher<Integer> ticks() {
			IpcPeer.current().orElseThrow();
			this.peers.incrementAndGet();
			return StreamService.Counter.thenQuiet(3, this.cancelled);
		}

		@IpcTopic("flux")
		public Flux<String> letters() {
			return Flux.just("a", "b");
		}

	}

	/**
	 * A topic whose publisher never ends and emits synchronously inside {@code request},
	 * as fast as it is asked.
	 */
	public static final class EndlessTopicService {

		final CountDownLatch cancelled = new CountDownLatch(1);

		public String ping() {
			return "pong";
		}

		@IpcTopic("endless")
		public Flow.Publisher<Integer> endless() {
			return new StreamService.Counter(Integer.MAX_VALUE, null, this.cancelled);
		}

	}

	/**
	 * A topic whose publisher emits what is first requested, synchronously, then throws
	 * from {@code request}.
	 */
	public static final class ThrowingTopicService {

		final CountDownLatch cancelled = new CountDownLatch(1);

		public String ping() {
			return "pong";
		}

		@IpcTopic("throwing")
		public Flow.Publisher<Integer> throwing() {
			return (subscriber) -> subscriber.onSubscribe(new Flow.Subscription() {

				private boolean requested;

				@Override
				public void request(long n) {
					if (this.requested) {
						throw new IllegalStateException("no more requests, please");
					}
					this.requested = true;
					for (int i = 1; i <= n; i++) {
						subscriber.onNext(i);
					}
				}

				@Override
				public void cancel() {
					ThrowingTopicService.this.cancelled.countDown();
				}

			});
		}

	}

	/** A topic whose publisher emits 1 and completes, counting how often it was made. */
	public static final class OnceTopicService {

		final AtomicInteger runs = new AtomicInteger();

		public String ping() {
			return "pong";
		}

		@IpcTopic("once")
		public Flow.Publisher<Integer> once() {
			this.runs.incrementAndGet();
			return new StreamService.Counter(1, null, null);
		}

	}

}
