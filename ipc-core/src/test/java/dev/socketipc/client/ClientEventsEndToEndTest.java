package dev.socketipc.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import dev.socketipc.annotation.IpcTopic;
import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.server.ErrorDetails;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.IpcServiceException;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client's events and streams against the real {@link IpcServer} over Unix and TCP:
 * subscribe and publish, {@code @IpcTopic} and streaming client methods as
 * {@code Flow.Publisher} and {@code Flux}, cancels observed by the server's publishers,
 * failures after items, an unknown topic, and a restarted server.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientEventsEndToEndTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	record Price(String symbol, int cents) {
	}

	/** The client's view of {@link FeedService}. */
	interface Feed {

		Flow.Publisher<Integer> count(int n);

		Flow.Publisher<Integer> failAfter(int n);

		@IpcTopic("ticks")
		Flow.Publisher<Long> tickPublisher();

		int add(int a, int b);

	}

	/** The same with Reactor. */
	interface FluxFeed {

		Flux<Integer> count(int n);

		Flux<Integer> endless();

		@IpcTopic("ticks")
		Flux<Long> ticks();

	}

	/**
	 * Streams and a topic of its own, each publisher emitting on demand and noting its
	 * cancel.
	 */
	public static final class FeedService {

		final CountDownLatch endlessCancelled = new CountDownLatch(1);

		final CountDownLatch ticksCancelled = new CountDownLatch(1);

		public Flow.Publisher<Integer> count(int n) {
			return new Counter<>(n, (i) -> (int) i, null, null);
		}

		public Flow.Publisher<Integer> endless() {
			return new Counter<>(Long.MAX_VALUE, (i) -> (int) i, null, this.endlessCancelled);
		}

		public Flow.Publisher<Integer> failAfter(int n) {
			return new Counter<>(n, (i) -> (int) i, new IpcServiceException("BROKEN", "broke after " + n, null), null);
		}

		/**
		 * Endless ticks generated on demand on a Reactor thread (a synchronous endless
		 * publisher would keep the server's event loop busy emitting).
		 */
		@IpcTopic("ticks")
		public Flux<Long> ticks() {
			return Flux.<Long, Long>generate(() -> 1L, (tick, sink) -> {
				sink.next(tick);
				return tick + 1;
			}).subscribeOn(Schedulers.boundedElastic()).doOnCancel(this.ticksCancelled::countDown);
		}

		public int add(int a, int b) {
			return a + b;
		}

	}

	/** Emits 1..n as requested, on the requesting thread; then completes or fails. */
	record Counter<T>(long n, java.util.function.LongFunction<T> item, RuntimeException failure,
			CountDownLatch cancelled) implements Flow.Publisher<T> {

		@Override
		public void subscribe(Flow.Subscriber<? super T> subscriber) {
			AtomicLong next = new AtomicLong(1);
			AtomicLong requested = new AtomicLong();
			AtomicBoolean done = new AtomicBoolean();
			subscriber.onSubscribe(new Flow.Subscription() {

				@Override
				public void request(long count) {
					if (requested.getAndAccumulate(count, (a, b) -> (a + b < 0) ? Long.MAX_VALUE : a + b) != 0) {
						return;
					}
					long emitted = 0;
					while (true) {
						long demand = requested.get();
						while (emitted < demand && !done.get() && next.get() <= Counter.this.n) {
							subscriber.onNext(Counter.this.item.apply(next.getAndIncrement()));
							emitted++;
						}
						if (next.get() > Counter.this.n) {
							end();
							return;
						}
						if (done.get() || requested.addAndGet(-emitted) == 0) {
							return;
						}
						emitted = 0;
					}
				}

				private void end() {
					if (done.compareAndSet(false, true)) {
						if (Counter.this.failure != null) {
							subscriber.onError(Counter.this.failure);
						}
						else {
							subscriber.onComplete();
						}
					}
				}

				@Override
				public void cancel() {
					if (done.compareAndSet(false, true) && Counter.this.cancelled != null) {
						Counter.this.cancelled.countDown();
					}
				}

			});
		}

	}

	@RegisterExtension
	final ClientSocketsFixture sockets = new ClientSocketsFixture();

	private final FeedService service = new FeedService();

	@ParameterizedTest
	@EnumSource(Transport.class)
	void publishedEventsReachTheSubscribedListenerInOrder(Transport transport) throws Exception {
		IpcServer server = startServer(transport.bindAddress(this.sockets.directory()));
		IpcConnection connection = this.sockets.connect(server.address());
		List<Price> prices = new CopyOnWriteArrayList<>();
		connection.subscribe("prices", Price.class, prices::add);
		await().atMost(WAIT).until(() -> server.events().subscribers("prices") == 1);

		for (int i = 1; i <= 500; i++) {
			server.events().publish("prices", new Price("ACME", i));
		}

		await().atMost(WAIT).until(() -> prices.size() == 500);
		assertThat(prices).extracting(Price::cents)
			.containsExactlyElementsOf(IntStream.rangeClosed(1, 500).boxed().toList());
		assertThat(connection.topics()).containsExactly("prices", "ticks");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void cancellingTheLastSubscriptionUnsubscribesTheConnection(Transport transport) throws Exception {
		IpcServer server = startServer(transport.bindAddress(this.sockets.directory()));
		IpcConnection connection = this.sockets.connect(server.address());
		IpcSubscription one = connection.subscribe("prices", Price.class, (price) -> {
		});
		IpcSubscription two = connection.subscribe("prices", Price.class, (price) -> {
		});
		await().atMost(WAIT).until(() -> server.events().subscribers("prices") == 1);

		one.cancel();
		assertThat(add(connection)).isEqualTo(3);
		assertThat(server.events().subscribers("prices")).isOne();
		two.cancel();

		await().atMost(WAIT).until(() -> server.events().subscribers("prices") == 0);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void anUnknownTopicIsWarnedAndCallsKeepWorking(Transport transport, CapturedOutput output) throws Exception {
		IpcServer server = startServer(transport.bindAddress(this.sockets.directory()));
		IpcConnection connection = this.sockets.connect(server.address());

		connection.subscribe("weather", String.class, (event) -> {
		});

		await().atMost(WAIT)
			.until(() -> output.getAll()
				.contains("$subscribe of topic 'weather' to the server at " + connection.address()
						+ " failed: IPC method '$subscribe' failed with UNKNOWN_TOPIC"));
		assertThat(add(connection)).isEqualTo(3);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aRestartedServerIsSubscribedAgain(Transport transport) throws Exception {
		IpcAddress address = transport.unusedAddress(this.sockets.directory());
		IpcServer first = startServer(address);
		IpcConnection connection = this.sockets.connect(address);
		List<Price> prices = new CopyOnWriteArrayList<>();
		connection.subscribe("prices", Price.class, prices::add);
		await().atMost(WAIT).until(() -> first.events().subscribers("prices") == 1);
		first.events().publish("prices", new Price("ACME", 1));
		await().atMost(WAIT).until(() -> prices.size() == 1);

		first.stop();
		IpcServer second = startServer(address);

		await().atMost(WAIT).until(() -> second.events().subscribers("prices") == 1);
		second.events().publish("prices", new Price("ACME", 2));
		await().atMost(WAIT).until(() -> prices.size() == 2);
		assertThat(prices).extracting(Price::cents).containsExactly(1, 2);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aFlowPublisherMethodStreamsTheServersItems(Transport transport) throws Exception {
		Feed feed = feed(startServer(transport.bindAddress(this.sockets.directory())));
		RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);

		feed.count(2000).subscribe(subscriber);

		subscriber.awaitTermination();
		assertThat(subscriber.completed).isTrue();
		assertThat(subscriber.items).containsExactlyElementsOf(IntStream.rangeClosed(1, 2000).boxed().toList());
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aFluxMethodStreamsAndItsCancelStopsTheServersPublisher(Transport transport) throws Exception {
		IpcServer server = startServer(transport.bindAddress(this.sockets.directory()));
		FluxFeed feed = client(server, FluxFeed.class);

		assertThat(feed.count(5).collectList().block(WAIT)).containsExactly(1, 2, 3, 4, 5);
		assertThat(feed.endless().take(3).collectList().block(WAIT)).containsExactly(1, 2, 3);

		assertThat(this.service.endlessCancelled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(client(server, Feed.class).add(1, 2)).isEqualTo(3);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aStreamThatFailsAfterItemsFailsTheSubscriberAfterThem(Transport transport) throws Exception {
		Feed feed = feed(startServer(transport.bindAddress(this.sockets.directory())));
		RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);

		feed.failAfter(2).subscribe(subscriber);

		subscriber.awaitTermination();
		assertThat(subscriber.items).containsExactly(1, 2);
		assertThat(subscriber.error).isInstanceOf(IpcRemoteException.class)
			.hasMessage("IPC method 'failAfter' failed with BROKEN: broke after 2");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void topicMethodsReceiveTheServersTopicAndTheLastCancelStopsItsPublisher(Transport transport) throws Exception {
		IpcServer server = startServer(transport.bindAddress(this.sockets.directory()));
		IpcConnection connection = this.sockets.connect(server.address());
		Feed feed = IpcClientFactory.create(Feed.class, connection, new ClientOptions("", WAIT, Map.of(), false));
		FluxFeed fluxFeed = IpcClientFactory.create(FluxFeed.class, connection,
				new ClientOptions("", WAIT, Map.of(), false));
		RecordingSubscriber<Long> subscriber = new RecordingSubscriber<>(2);
		feed.tickPublisher().subscribe(subscriber);
		subscriber.awaitItems(2);

		assertThat(fluxFeed.ticks().take(3).collectList().block(WAIT)).hasSize(3);
		assertThat(subscriber.items).startsWith(1L, 2L);
		assertThat(this.service.ticksCancelled.getCount()).as("one subscriber is left").isOne();
		subscriber.cancel();

		assertThat(this.service.ticksCancelled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		await().atMost(WAIT).until(() -> server.events().subscribers("ticks") == 0);
	}

	private Object add(IpcConnection connection) throws Exception {
		CompletableFuture<Object> sum = connection.call("add", new Object[] { 1, 2 },
				connection.codec().mapper().constructType(Integer.class), WAIT);
		return sum.get(WAIT.toSeconds(), TimeUnit.SECONDS);
	}

	private IpcServer startServer(IpcAddress address) {
		IpcServer server = IpcServer.builder()
			.address(address)
			.service(ServiceDefinition.of("", this.service))
			.topic("prices")
			.shutdownTimeout(Duration.ZERO)
			.errorDetails(ErrorDetails.MESSAGE)
			.build();
		server.start();
		this.sockets.add(server::stop);
		return server;
	}

	private Feed feed(IpcServer server) {
		return client(server, Feed.class);
	}

	private <T> T client(IpcServer server, Class<T> type) {
		return IpcClientFactory.create(type, this.sockets.connect(server.address()),
				new ClientOptions("", WAIT, Map.of(), false));
	}

}
