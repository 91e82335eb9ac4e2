package dev.socketipc.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.TestTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * {@code $subscribe}, {@code $unsubscribe} and {@link IpcEventPublisher} over real Unix
 * and TCP sockets, read by raw line clients.
 */
class ServerEventsTest {

	private final EventServers servers = new EventServers();

	private final PeerService service = new PeerService();

	@AfterEach
	void close() throws IOException {
		this.servers.close();
	}

	private IpcServer start(TestTransport transport) throws IOException {
		return this.servers.start(transport,
				(builder) -> builder.service(ServiceDefinition.of("", this.service)).topic("prices").topic("news"));
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void registerListsTheTopicsAndFeatures(TestTransport transport) throws IOException {
		IpcServer server = start(transport);
		LineClient client = this.servers.track(LineClient.connect(server.address().socketAddress()));

		assertThat(client.readLine()).isEqualTo("{\"action\":\"register\",\"methods\":[\"add\",\"whoami\"],"
				+ "\"protocol\":1,\"features\":[\"ping\",\"meta\",\"events\",\"stream\"],\"topics\":[\"prices\",\"news\"]}");
		assertThat(server.topics()).containsExactly("prices", "news");
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void eventsReachOnlySubscribersInOrder(TestTransport transport) throws IOException {
		IpcServer server = start(transport);
		LineClient subscriber = this.servers.connect(server);
		LineClient other = this.servers.connect(server);
		EventServers.subscribe(subscriber, 1, "prices");

		assertThat(server.events().publish("prices", 1)).isEqualTo(1);
		assertThat(server.events().publish("news", "ignored")).isZero();
		assertThat(server.events().publish("prices", List.of("two"))).isEqualTo(1);
		other.call(7, "add", 1, 2);

		assertThat(subscriber.readLines(2)).containsExactly("{\"action\":\"event\",\"topic\":\"prices\",\"data\":1}",
				"{\"action\":\"event\",\"topic\":\"prices\",\"data\":[\"two\"]}");
		assertThat(other.readLine()).isEqualTo("{\"success\":true,\"rid\":7,\"data\":3}");
		assertThat(server.events().subscribers("prices")).isEqualTo(1);
		assertThat(server.events().subscribers("news")).isZero();
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void subscribingIsIdempotentAndUnsubscribingStopsEvents(TestTransport transport) throws IOException {
		IpcServer server = start(transport);
		LineClient client = this.servers.connect(server);
		EventServers.subscribe(client, 1, "prices");
		EventServers.subscribe(client, 2, "prices");
		server.events().publish("prices", "once");
		assertThat(client.readLine()).isEqualTo("{\"action\":\"event\",\"topic\":\"prices\",\"data\":\"once\"}");

		client.call(3, "$unsubscribe", "prices");
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":3,\"data\":null}");
		client.call(4, "$unsubscribe", "prices");
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":4,\"data\":null}");

		assertThat(server.events().publish("prices", "never")).isZero();
		client.call(5, "add", 2, 2);
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":5,\"data\":4}");
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void unknownTopicsAndBadArgumentsAreRefusedAndTheConnectionStays(TestTransport transport) throws IOException {
		IpcServer server = start(transport);
		LineClient client = this.servers.connect(server);

		client.call(1, "$subscribe", "weather");
		client.call(2, "$unsubscribe", "weather");
		client.call(3, "$subscribe");
		client.call(4, "$subscribe", 5);
		client.call(5, "$subscribe", "prices", "news");
		client.call(6, "$other", "prices");
		client.call(7, "add", 1, 1);

		assertThat(client.readLines(7)).containsExactly(
				"{\"success\":false,\"rid\":1,\"error\":\"topic 'weather' is not one of this server's topics [prices, news]\",\"code\":\"UNKNOWN_TOPIC\"}",
				"{\"success\":false,\"rid\":2,\"error\":\"topic 'weather' is not one of this server's topics [prices, news]\",\"code\":\"UNKNOWN_TOPIC\"}",
				"{\"success\":false,\"rid\":3,\"error\":\"method '$subscribe' expects 1 argument (topic) but got 0\",\"code\":\"INVALID_ARGUMENTS\"}",
				"{\"success\":false,\"rid\":4,\"error\":\"argument 1 'topic' of method '$subscribe' must be a string, not [5]\",\"code\":\"INVALID_ARGUMENTS\"}",
				"{\"success\":false,\"rid\":5,\"error\":\"method '$subscribe' expects 1 argument (topic) but got 2\",\"code\":\"INVALID_ARGUMENTS\"}",
				"{\"success\":false,\"rid\":6,\"error\":\"method '$other' is not exposed by this server\",\"code\":\"METHOD_NOT_FOUND\"}",
				"{\"success\":true,\"rid\":7,\"data\":2}");
		assertThat(server.events().subscribers("prices")).isZero();
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void aClientThatNeverSubscribesGetsNoEventWhileOthersGetThousands(TestTransport transport) throws Exception {
		// a buffer larger than the burst: the subscriber misses nothing however fast the
		// publisher runs
		IpcServer server = this.servers.start(transport,
				(builder) -> builder.service(ServiceDefinition.of("", this.service))
					.topic("prices")
					.eventBufferSize(4096));
		LineClient subscriber = this.servers.connect(server);
		LineClient bystander = this.servers.connect(server);
		EventServers.subscribe(subscriber, 1, "prices");
		int events = 2000;
		Thread publisher = new Thread(() -> {
			for (int i = 0; i < events; i++) {
				server.events().publish("prices", i);
			}
		});
		publisher.start();
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			bystander.call(i, "add", i, 1);
			answers.add(bystander.readLine());
		}
		publisher.join();

		for (int i = 0; i < events; i++) {
			assertThat(subscriber.readLine())
				.isEqualTo("{\"action\":\"event\",\"topic\":\"prices\",\"data\":" + i + "}");
		}
		for (int i = 0; i < 100; i++) {
			assertThat(answers.get(i)).isEqualTo("{\"success\":true,\"rid\":" + i + ",\"data\":" + (i + 1) + "}");
		}
		bystander.call(100, "add", 0);
		assertThat(bystander.readLine()).isEqualTo("{\"success\":true,\"rid\":100,\"data\":0}");
		assertThat(bystander.hasPendingLine()).isFalse();
		assertThat(server.statistics().droppedEvents()).isZero();
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void publishingToAPeerReachesThatConnectionOnly(TestTransport transport) throws IOException {
		IpcServer server = start(transport);
		LineClient first = this.servers.connect(server);
		LineClient second = this.servers.connect(server);
		EventServers.subscribe(first, 1, "prices");
		EventServers.subscribe(second, 1, "prices");
		first.call(2, "whoami");
		assertThat(first.readLine()).startsWith("{\"success\":true,\"rid\":2,");
		IpcPeer peer = this.service.lastPeer.get();

		assertThat(server.events().publish(peer, "prices", "yours")).isTrue();
		assertThat(server.events().publish(peer, "news", "not subscribed")).isFalse();
		second.call(3, "add", 1);

		assertThat(first.readLine()).isEqualTo("{\"action\":\"event\",\"topic\":\"prices\",\"data\":\"yours\"}");
		assertThat(second.readLine()).isEqualTo("{\"success\":true,\"rid\":3,\"data\":1}");
		first.close();
		await().until(() -> server.events().subscribers("prices") == 1);
		assertThat(server.events().publish(peer, "prices", "gone")).isFalse();
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void publishingAnUnknownTopicOrAnUnwritablePayloadFailsTheCaller(TestTransport transport) throws IOException {
		IpcServer server = start(transport);
		LineClient client = this.servers.connect(server);
		EventServers.subscribe(client, 1, "prices");

		assertThatIllegalArgumentException().isThrownBy(() -> server.events().publish("weather", 1))
			.withMessage("Topic 'weather' is not one of the server's topics [prices, news]; declare it with "
					+ "ipc.server.topics (IpcServerBuilder.topic) or an @IpcTopic method");
		assertThatIllegalArgumentException().isThrownBy(() -> server.events().publish("prices", new Unwritable()))
			.withMessageStartingWith("The payload of an event of topic 'prices' cannot be written as JSON: ");
		server.events().publish("prices", "still fine");
		assertThat(client.readLine()).isEqualTo("{\"action\":\"event\",\"topic\":\"prices\",\"data\":\"still fine\"}");
	}

	/** A payload Jackson cannot write: its getter throws. */
	public static final class Unwritable {

		public String getValue() {
			throw new IllegalStateException("no value");
		}

	}

	/** A service that remembers the peer of its last call. */
	public static final class PeerService {

		final AtomicReference<IpcPeer> lastPeer = new AtomicReference<>();

		public int add(int... numbers) {
			int sum = 0;
			for (int number : numbers) {
				sum += number;
			}
			return sum;
		}

		public String whoami() {
			Optional<IpcPeer> peer = IpcPeer.current();
			this.lastPeer.set(peer.orElseThrow());
			return peer.get().address();
		}

	}

}
