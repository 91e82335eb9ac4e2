package dev.socketipc.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link IpcConnection#subscribe}: {@code $subscribe} on every register that lists
 * {@code events} and for a topic's first subscriber, {@code $unsubscribe} for its last,
 * nothing but one warning per subscription against a seed server, events delivered in
 * order, read as each subscription's type, through a bounded queue.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientEventsTest {

	static final Duration WAIT = Duration.ofSeconds(10);

	static final String SEED_REGISTER = "{\"action\":\"register\",\"methods\":[\"add\"]}";

	static final String EVENTS_REGISTER = "{\"action\":\"register\",\"methods\":[\"add\"],\"protocol\":1,"
			+ "\"features\":[\"ping\",\"meta\",\"events\",\"stream\"],\"topics\":[\"prices\",\"clock\"]}";

	record Price(String symbol, int cents) {
	}

	@RegisterExtension
	final ClientSocketsFixture sockets = new ClientSocketsFixture();

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aSeedServerGetsNoSubscribeAndEachSubscriptionWarnsOnceAcrossReconnections(Transport transport,
			CapturedOutput output) throws Exception {
		ScriptedServer raw = this.sockets.start(transport.bindAddress(this.sockets.directory()), SEED_REGISTER);
		IpcConnection connection = this.sockets.connect(ClientTestSockets.addressOf(raw));
		connection.subscribe("prices", Integer.class, (price) -> {
		});
		connection.subscribe("prices", Integer.class, (price) -> {
		});
		connection.subscribe("clock", Long.class, (tick) -> {
		});

		assertThat(add(connection, raw, 1)).isEqualTo(3);
		raw.dropConnection();
		await().atMost(WAIT).until(() -> raw.accepted() == 2 && connection.isReady());
		assertThat(add(connection, raw, 2)).isEqualTo(3);

		assertThat(raw.allLines()).noneMatch((line) -> line.contains("$subscribe"));
		assertThat(connection.topics()).isEmpty();
		String warning = "The server at " + connection.address() + " does not offer events (its register lists no "
				+ "'events' feature): the subscription to topic '%s' receives nothing from it; calls keep working";
		assertThat(count(output.getAll(), "does not offer events")).isEqualTo(3);
		assertThat(count(output.getAll(), warning.formatted("prices"))).isEqualTo(2);
		assertThat(count(output.getAll(), warning.formatted("clock"))).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void eventsReachTheSubscriptionsOfTheirTopicInOrderReadAsTheirTypes(Transport transport) throws Exception {
		ScriptedServer raw = this.sockets.start(transport.bindAddress(this.sockets.directory()), EVENTS_REGISTER);
		IpcConnection connection = this.sockets.connect(ClientTestSockets.addressOf(raw));
		ExecutorService executor = Executors.newSingleThreadExecutor();
		this.sockets.add(executor::shutdownNow);
		List<Object> prices = new CopyOnWriteArrayList<>();
		List<String> threads = new CopyOnWriteArrayList<>();
		List<Long> ticks = new CopyOnWriteArrayList<>();
		connection.subscribe("prices", JsonMapper.shared().constructType(Price.class), (price) -> {
			threads.add(Thread.currentThread().getName());
			prices.add(price);
		}, executor);

		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"$subscribe\",\"args\":[\"prices\"]}");
		raw.send("{\"success\":true,\"rid\":1,\"data\":null}");
		connection.subscribe("clock", Long.class, ticks::add);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":2,\"method\":\"$subscribe\",\"args\":[\"clock\"]}");
		raw.send("{\"success\":true,\"rid\":2,\"data\":null}");
		for (int i = 1; i <= 50; i++) {
			raw.send("{\"action\":\"event\",\"topic\":\"prices\",\"data\":{\"symbol\":\"ACME\",\"cents\":" + i + "}}");
			raw.send("{\"action\":\"event\",\"topic\":\"unheard\",\"data\":" + i + "}");
			raw.send("{\"action\":\"event\",\"topic\":\"clock\",\"data\":" + i + "}");
		}

		await().atMost(WAIT).until(() -> prices.size() == 50 && ticks.size() == 50);
		assertThat(prices).first().isEqualTo(new Price("ACME", 1));
		assertThat(prices).extracting((price) -> ((Price) price).cents())
			.containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 50).boxed().toList());
		assertThat(ticks).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList());
		assertThat(threads).allMatch((name) -> !name.startsWith("ipc-client"));
		assertThat(connection.topics()).containsExactly("prices", "clock");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void anUnknownTopicIsLoggedNamingServerTopicAndError(Transport transport, CapturedOutput output) throws Exception {
		ScriptedServer raw = this.sockets.start(transport.bindAddress(this.sockets.directory()), EVENTS_REGISTER);
		IpcConnection connection = this.sockets.connect(ClientTestSockets.addressOf(raw));
		connection.subscribe("weather", String.class, (event) -> {
		});

		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"$subscribe\",\"args\":[\"weather\"]}");
		raw.send("{\"success\":false,\"rid\":1,\"error\":\"unknown topic 'weather'; topics: prices, clock\","
				+ "\"code\":\"UNKNOWN_TOPIC\"}");

		await().atMost(WAIT)
			.until(() -> output.getAll()
				.contains("$subscribe of topic 'weather' to the server at " + connection.address()
						+ " failed: IPC method '$subscribe' failed with UNKNOWN_TOPIC: unknown topic 'weather'; "
						+ "topics: prices, clock"));
		assertThat(add(connection, raw, 2)).isEqualTo(3);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void theLastCancelOfATopicSendsUnsubscribe(Transport transport) throws Exception {
		ScriptedServer raw = this.sockets.start(transport.bindAddress(this.sockets.directory()), EVENTS_REGISTER);
		IpcConnection connection = this.sockets.connect(ClientTestSockets.addressOf(raw));
		List<Integer> first = new CopyOnWriteArrayList<>();
		List<Integer> second = new CopyOnWriteArrayList<>();
		IpcSubscription one = connection.subscribe("prices", Integer.class, first::add);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"$subscribe\",\"args\":[\"prices\"]}");
		raw.send("{\"success\":true,\"rid\":1,\"data\":null}");
		IpcSubscription two = connection.subscribe("prices", Integer.class, second::add);
		raw.send("{\"action\":\"event\",\"topic\":\"prices\",\"data\":1}");
		await().atMost(WAIT).until(() -> first.size() == 1 && second.size() == 1);

		one.cancel();
		one.cancel();
		raw.send("{\"action\":\"event\",\"topic\":\"prices\",\"data\":2}");
		await().atMost(WAIT).until(() -> second.size() == 2);
		two.close();

		assertThat(raw.nextLine()).isEqualTo("{\"rid\":2,\"method\":\"$unsubscribe\",\"args\":[\"prices\"]}");
		assertThat(first).containsExactly(1);
		assertThat(one.topic()).isEqualTo("prices");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aRestartedServerIsSubscribedAgainAndItsEventsArrive(Transport transport) throws Exception {
		IpcAddress address = transport.unusedAddress(this.sockets.directory());
		ScriptedServer first = this.sockets.start(address, EVENTS_REGISTER);
		IpcConnection connection = this.sockets.connect(address);
		List<Integer> received = new CopyOnWriteArrayList<>();
		connection.subscribe("prices", Integer.class, received::add);
		assertThat(first.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"$subscribe\",\"args\":[\"prices\"]}");
		first.send("{\"success\":true,\"rid\":1,\"data\":null}");
		first.send("{\"action\":\"event\",\"topic\":\"prices\",\"data\":1}");
		await().atMost(WAIT).until(() -> received.size() == 1);

		first.close();
		ScriptedServer second = this.sockets.start(address, EVENTS_REGISTER);

		assertThat(second.nextLine()).isEqualTo("{\"rid\":2,\"method\":\"$subscribe\",\"args\":[\"prices\"]}");
		second.send("{\"success\":true,\"rid\":2,\"data\":null}");
		second.send("{\"action\":\"event\",\"topic\":\"prices\",\"data\":2}");
		await().atMost(WAIT).until(() -> received.size() == 2);
		assertThat(received).containsExactly(1, 2);
	}

	@Test
	void aListenerThatThrowsOrAnEventThatDoesNotConvertIsLoggedAndLaterEventsStillArrive(CapturedOutput output)
			throws Exception {
		ScriptedServer raw = this.sockets.start(Transport.UNIX.bindAddress(this.sockets.directory()), EVENTS_REGISTER);
		IpcConnection connection = this.sockets.connect(ClientTestSockets.addressOf(raw));
		List<Integer> received = new CopyOnWriteArrayList<>();
		connection.subscribe("prices", Integer.class, (price) -> {
			received.add(price);
			if (price == 1) {
				throw new IllegalStateException("listener broke on 1");
			}
		});
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"$subscribe\",\"args\":[\"prices\"]}");
		raw.send("{\"success\":true,\"rid\":1,\"data\":null}");

		raw.send("{\"action\":\"event\",\"topic\":\"prices\",\"data\":1}");
		raw.send("{\"action\":\"event\",\"topic\":\"prices\",\"data\":\"two\"}");
		raw.send("{\"action\":\"event\",\"topic\":\"prices\",\"data\":3}");

		await().atMost(WAIT).until(() -> received.size() == 2);
		assertThat(received).containsExactly(1, 3);
		assertThat(output.getAll())
			.contains("A listener to topic 'prices' of " + connection.address()
					+ " threw: java.lang.IllegalStateException: listener broke on 1")
			.contains("Ignoring an event of topic 'prices' from " + connection.address()
					+ ": its data could not be read as java.lang.Integer");
	}

	@Test
	void aListenerThatFallsBehindLosesTheOldestEventsAndTheyAreCounted() throws Exception {
		ScriptedServer raw = this.sockets.start(Transport.UNIX.bindAddress(this.sockets.directory()), EVENTS_REGISTER);
		IpcConnection connection = this.sockets.connect(ClientTestSockets.addressOf(raw));
		ExecutorService executor = Executors.newSingleThreadExecutor();
		this.sockets.add(executor::shutdownNow);
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<Integer> received = new CopyOnWriteArrayList<>();
		IpcSubscription subscription = connection.subscribe("prices", JsonMapper.shared().constructType(Integer.class),
				(event) -> {
					received.add((Integer) event);
					entered.countDown();
					awaitQuietly(release);
				}, executor);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"$subscribe\",\"args\":[\"prices\"]}");
		raw.send("{\"success\":true,\"rid\":1,\"data\":null}");
		raw.send("{\"action\":\"event\",\"topic\":\"prices\",\"data\":0}");
		assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

		for (int i = 1; i <= 1100; i++) {
			raw.send("{\"action\":\"event\",\"topic\":\"prices\",\"data\":" + i + "}");
		}
		assertThat(add(connection, raw, 2)).isEqualTo(3);
		await().atMost(WAIT).until(() -> subscription.droppedEvents() == 1100 - EventDelivery.CAPACITY);
		release.countDown();

		await().atMost(WAIT).until(() -> received.size() == 1 + EventDelivery.CAPACITY);
		assertThat(received.subList(1, received.size()))
			.containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(77, 1100).boxed().toList());
		assertThat(received).first().isEqualTo(0);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Calls {@code add(1, 2)} and answers it as the scripted server, with the given rid.
	 */
	static Object add(IpcConnection connection, ScriptedServer raw, int rid) throws Exception {
		CompletableFuture<Object> sum = connection.call("add", new Object[] { 1, 2 },
				JsonMapper.shared().constructType(Integer.class), WAIT);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":" + rid + ",\"method\":\"add\",\"args\":[1,2]}");
		raw.send("{\"success\":true,\"rid\":" + rid + ",\"data\":3}");
		return sum.get(WAIT.toSeconds(), TimeUnit.SECONDS);
	}

	static int count(String text, String part) {
		Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
