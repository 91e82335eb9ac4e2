package dev.socketipc.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.TestTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscriber whose socket stops reading, over real Unix and TCP sockets: the server
 * queues at most its event buffer for it, counts what it drops, keeps answering others,
 * and answers the slow connection's own calls once it reads again; with
 * {@code overflow=close} it closes it.
 */
@ExtendWith(OutputCaptureExtension.class)
class SlowSubscriberTest {

	private static final int BUFFER = 64;

	private static final int EVENTS = 20_000;

	/** About 200 bytes per event: 4 MB in all, far more than any socket buffer. */
	private static final String PAYLOAD = "x".repeat(200);

	private final EventServers servers = new EventServers();

	@AfterEach
	void close() throws IOException {
		this.servers.close();
	}

	private IpcServer start(TestTransport transport, EventOverflow overflow) throws IOException {
		return this.servers.start(transport,
				(builder) -> builder.service(ServiceDefinition.of("", new StreamService()))
					.topic("prices")
					.eventBufferSize(BUFFER)
					.eventOverflow(overflow));
	}

	/** Connects a client that does not read, subscribed to prices. */
	private LineClient slowSubscriber(IpcServer server) throws IOException {
		LineClient client = this.servers
			.track(LineClient.connectWithoutReading(server.address().socketAddress(), 4096));
		client.call(1, "$subscribe", "prices");
		await().until(() -> server.events().subscribers("prices") == 1);
		return client;
	}

	private static void publish(IpcServer server) {
		for (int i = 0; i < EVENTS; i++) {
			server.events().publish("prices", List.of(i, PAYLOAD));
		}
	}

	private static EventOutbox outbox(IpcServer server) {
		return ((EventHub) server.events()).outboxes("prices").get(0);
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void dropOldestBoundsTheQueueAndTheConnectionIsAnsweredOnceItReads(TestTransport transport) throws IOException {
		IpcServer server = start(transport, EventOverflow.DROP_OLDEST);
		LineClient slow = slowSubscriber(server);
		LineClient other = this.servers.connect(server);

		publish(server);
		EventOutbox outbox = outbox(server);
		other.call(2, "add", 1, 2);

		assertThat(other.readLine()).isEqualTo("{\"success\":true,\"rid\":2,\"data\":3}");
		assertThat(outbox.mostQueued()).isEqualTo(BUFFER);
		assertThat(server.statistics().droppedEvents()).isPositive();
		slow.startReading();
		slow.call(3, "add", 4, 5);
		List<Integer> received = readEventsUntilAnswer(slow, "{\"success\":true,\"rid\":3,\"data\":9}");
		readTheRest(slow, received, server.statistics().droppedEvents());
		assertThat(received).isSorted().doesNotHaveDuplicates().contains(EVENTS - 1);
		assertThat(received.size()).isLessThan(EVENTS);
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void dropNewestKeepsTheFirstEvents(TestTransport transport) throws IOException {
		IpcServer server = start(transport, EventOverflow.DROP_NEWEST);
		LineClient slow = slowSubscriber(server);

		publish(server);

		assertThat(outbox(server).mostQueued()).isEqualTo(BUFFER);
		slow.startReading();
		slow.call(3, "add", 4, 5);
		List<Integer> received = readEventsUntilAnswer(slow, "{\"success\":true,\"rid\":3,\"data\":9}");
		readTheRest(slow, received, server.statistics().droppedEvents());
		assertThat(received).isSorted().doesNotHaveDuplicates().startsWith(0).doesNotContain(EVENTS - 1);
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void closeClosesTheConnectionWithAWarning(TestTransport transport, CapturedOutput output) throws IOException {
		IpcServer server = start(transport, EventOverflow.CLOSE);
		LineClient slow = slowSubscriber(server);
		LineClient other = this.servers.connect(server);

		publish(server);
		slow.startReading();

		slow.awaitEndOfStream();
		assertThat(server.statistics().droppedEvents()).isPositive();
		await().until(() -> server.events().subscribers("prices") == 0);
		assertThat(output).contains("did not read events fast enough", "ipc.server.events.overflow=close");
		other.call(2, "add", 1, 2);
		assertThat(other.readLine()).isEqualTo("{\"success\":true,\"rid\":2,\"data\":3}");
	}

	/**
	 * Reads the events still queued after an answer (answers never wait behind events),
	 * until every event published was either received or dropped.
	 */
	private static void readTheRest(LineClient client, List<Integer> received, long dropped) {
		while (received.size() + dropped < EVENTS) {
			JsonNode event = EventServers.parse(client.readLine());
			received.add(event.get("data").get(0).asInt());
		}
		assertThat(client.hasPendingLine()).isFalse();
	}

	/** Reads the register line, the subscribe answer and events up to an answer. */
	private static List<Integer> readEventsUntilAnswer(LineClient client, String answer) {
		List<Integer> received = new ArrayList<>();
		assertThat(client.readLine()).contains("\"action\":\"register\"");
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":null}");
		while (true) {
			String line = client.readLine();
			if (line.equals(answer)) {
				return received;
			}
			JsonNode event = EventServers.parse(line);
			assertThat(event.get("action").asString()).isEqualTo("event");
			received.add(event.get("data").get(0).asInt());
		}
	}

}
