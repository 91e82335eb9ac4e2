package dev.socketipc.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Flow;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.annotation.IpcTopic;
import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.testsupport.ScriptedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @IpcClient} methods returning {@code Flow.Publisher<T>} or {@code Flux<T>}:
 * without {@code @IpcTopic} a streaming call per subscriber, with it a subscription to
 * the topic per subscriber; nothing is sent before a subscriber, and cancelling sends
 * {@code cancel} or {@code $unsubscribe}.
 */
class ClientPublisherMethodTest {

	static final Duration WAIT = Duration.ofSeconds(10);

	static final String REGISTER = "{\"action\":\"register\",\"methods\":[\"feed.count\",\"feed.countdown\"],\"protocol\":1,"
			+ "\"features\":[\"ping\",\"meta\",\"events\",\"stream\"],\"topics\":[\"prices\"]}";

	record Price(String symbol, int cents) {
	}

	interface Feed {

		Flow.Publisher<Integer> count(int n);

		@IpcMethod("countdown")
		Flux<? extends Integer> countFlux(int n);

		@IpcTopic("prices")
		Flow.Publisher<Price> prices();

		@IpcTopic("prices")
		Flux<Price> pricesFlux();

	}

	@RegisterExtension
	final ClientSocketsFixture sockets = new ClientSocketsFixture();

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aFlowPublisherMethodStreamsItsCallPerSubscriber(Transport transport) throws Exception {
		ScriptedServer raw = start(transport);
		Feed feed = feed(raw);
		Flow.Publisher<Integer> count = feed.count(2);
		assertThat(raw.nextLineWithin(Duration.ofMillis(200))).as("nothing before a subscriber").isNull();

		RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
		count.subscribe(subscriber);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"feed.count\",\"args\":[2],\"stream\":true}");
		raw.send("{\"action\":\"next\",\"rid\":1,\"data\":1}");
		raw.send("{\"action\":\"next\",\"rid\":1,\"data\":2}");
		raw.send("{\"success\":true,\"rid\":1,\"data\":null}");
		subscriber.awaitTermination();
		assertThat(subscriber.items).containsExactly(1, 2);
		assertThat(subscriber.completed).isTrue();

		RecordingSubscriber<Integer> again = new RecordingSubscriber<>(Long.MAX_VALUE);
		count.subscribe(again);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":2,\"method\":\"feed.count\",\"args\":[2],\"stream\":true}");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aFluxMethodStreamsAndTakingFewerItemsCancels(Transport transport) throws Exception {
		ScriptedServer raw = start(transport);
		Feed feed = feed(raw);
		CompletableFuture<List<Integer>> first = feed.countFlux(5)
			.take(2)
			.map(Integer.class::cast)
			.collectList()
			.toFuture();

		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"feed.countdown\",\"args\":[5],\"stream\":true}");
		raw.send("{\"action\":\"next\",\"rid\":1,\"data\":1}");
		raw.send("{\"action\":\"next\",\"rid\":1,\"data\":2}");

		assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly(1, 2);
		assertThat(raw.nextLine()).isEqualTo("{\"action\":\"cancel\",\"rid\":1}");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aTopicMethodSubscribesOncePerTopicAndUnsubscribesAfterTheLastCancel(Transport transport) throws Exception {
		ScriptedServer raw = start(transport);
		Feed feed = feed(raw);
		RecordingSubscriber<Price> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
		feed.prices().subscribe(subscriber);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"$subscribe\",\"args\":[\"prices\"]}");
		raw.send("{\"success\":true,\"rid\":1,\"data\":null}");
		var fromFlux = feed.pricesFlux().take(2).collectList().toFuture();

		raw.send("{\"action\":\"event\",\"topic\":\"prices\",\"data\":{\"symbol\":\"ACME\",\"cents\":1}}");
		raw.send("{\"action\":\"event\",\"topic\":\"prices\",\"data\":null}");
		raw.send("{\"action\":\"event\",\"topic\":\"prices\",\"data\":{\"symbol\":\"ACME\",\"cents\":2}}");

		assertThat(fromFlux.get(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly(new Price("ACME", 1),
				new Price("ACME", 2));
		subscriber.awaitItems(2);
		assertThat(subscriber.items).containsExactly(new Price("ACME", 1), new Price("ACME", 2));
		subscriber.cancel();
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":2,\"method\":\"$unsubscribe\",\"args\":[\"prices\"]}");
		assertThat(subscriber.error).isNull();
	}

	@Test
	void aTopicSubscriberWithoutDemandGetsTheLatestEventsOnceItRequestsAndItsDropsAreCounted() throws Exception {
		ScriptedServer raw = start(Transport.UNIX);
		IpcConnection connection = this.sockets.connect(raw);
		Feed feed = IpcClientFactory.create(Feed.class, connection, new ClientOptions("feed", WAIT, Map.of(), false));
		RecordingSubscriber<Price> subscriber = new RecordingSubscriber<>(0);
		feed.prices().subscribe(subscriber);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"$subscribe\",\"args\":[\"prices\"]}");
		raw.send("{\"success\":true,\"rid\":1,\"data\":null}");
		for (int i = 1; i <= ItemBuffer.CAPACITY + 10; i++) {
			raw.send("{\"action\":\"event\",\"topic\":\"prices\",\"data\":{\"symbol\":\"ACME\",\"cents\":" + i + "}}");
		}
		CompletableFuture<Object> after = connection.call("feed.count", new Object[] { 0 },
				JsonMapper.shared().constructType(Integer.class), WAIT);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":2,\"method\":\"feed.count\",\"args\":[0]}");
		raw.send("{\"success\":true,\"rid\":2,\"data\":0}");
		after.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(subscriber.items).isEmpty();
		assertThat(subscriber.subscription()).isInstanceOfSatisfying(IpcSubscription.class, (subscription) -> {
			assertThat(subscription.topic()).isEqualTo("prices");
			assertThat(subscription.droppedEvents()).isEqualTo(10);
		});

		subscriber.request(Long.MAX_VALUE);

		subscriber.awaitItems(ItemBuffer.CAPACITY);
		assertThat(subscriber.items).hasSize(ItemBuffer.CAPACITY);
		assertThat(subscriber.items).first().isEqualTo(new Price("ACME", 11));
		assertThat(subscriber.items).last().isEqualTo(new Price("ACME", ItemBuffer.CAPACITY + 10));
	}

	@Test
	void closingTheConnectionCompletesATopicsSubscriber() throws Exception {
		ScriptedServer raw = start(Transport.UNIX);
		IpcConnection connection = ClientTestSockets.connection(ClientTestSockets.addressOf(raw));
		Feed feed = IpcClientFactory.create(Feed.class, connection, new ClientOptions("feed", WAIT, Map.of(), false));
		RecordingSubscriber<Price> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
		feed.prices().subscribe(subscriber);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"$subscribe\",\"args\":[\"prices\"]}");

		connection.close();

		subscriber.awaitTermination();
		assertThat(subscriber.completed).isTrue();
	}

	private ScriptedServer start(Transport transport) throws Exception {
		return this.sockets.start(transport, REGISTER);
	}

	private Feed feed(ScriptedServer raw) {
		IpcConnection connection = this.sockets.connect(raw);
		return IpcClientFactory.create(Feed.class, connection, new ClientOptions("feed", WAIT, Map.of(), false));
	}

}
