package dev.socketipc.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.TestTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Streaming calls over real Unix and TCP sockets: {@code next} lines then the final
 * answer, the array answer for a caller that did not ask for a stream and its bound,
 * errors after items, and cancelling.
 */
class ServerStreamingTest {

	private final EventServers servers = new EventServers();

	private final StreamService service = new StreamService();

	@AfterEach
	void close() throws IOException {
		this.servers.close();
	}

	private LineClient connect(TestTransport transport) throws IOException {
		IpcServer server = this.servers.start(transport,
				(builder) -> builder.service(ServiceDefinition.of("", this.service)).maxStreamItems(5));
		return this.servers.connect(server);
	}

	private static String streamRequest(Object rid, String method, Object... args) {
		String line = LineClient.request(rid, method, args);
		return line.substring(0, line.length() - 1) + ",\"stream\":true}";
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void itemsArriveInOrderBeforeTheFinalAnswer(TestTransport transport) throws IOException {
		LineClient client = connect(transport);

		client.send(streamRequest(7, "count", 3));

		assertThat(client.readLines(4)).containsExactly("{\"action\":\"next\",\"rid\":7,\"data\":1}",
				"{\"action\":\"next\",\"rid\":7,\"data\":2}", "{\"action\":\"next\",\"rid\":7,\"data\":3}",
				"{\"success\":true,\"rid\":7,\"data\":null}");
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void manyItemsFlowOnDemandWithTheCallsOfTheConnection(TestTransport transport) throws IOException {
		IpcServer server = this.servers.start(transport,
				(builder) -> builder.service(ServiceDefinition.of("", this.service)));
		LineClient client = this.servers.connect(server);

		client.send(streamRequest("s", "count", 20_000));
		client.call(2, "add", 1, 2);

		List<String> others = new ArrayList<>();
		int expected = 1;
		while (true) {
			String line = client.readLine();
			if (line.startsWith("{\"action\":\"next\",\"rid\":\"s\"")) {
				assertThat(line).isEqualTo("{\"action\":\"next\",\"rid\":\"s\",\"data\":" + expected++ + "}");
			}
			else if (line.contains("\"rid\":\"s\"")) {
				assertThat(line).isEqualTo("{\"success\":true,\"rid\":\"s\",\"data\":null}");
				break;
			}
			else {
				others.add(line);
			}
		}
		assertThat(expected).isEqualTo(20_001);
		assertThat(others).containsExactly("{\"success\":true,\"rid\":2,\"data\":3}");
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void aFailureAfterItemsIsTheFinalAnswer(TestTransport transport) throws IOException {
		LineClient client = connect(transport);

		client.send(streamRequest(1, "failAfter", 2));

		assertThat(client.readLines(3)).containsExactly("{\"action\":\"next\",\"rid\":1,\"data\":1}",
				"{\"action\":\"next\",\"rid\":1,\"data\":2}",
				"{\"success\":false,\"rid\":1,\"error\":\"broke after 2\",\"code\":\"BROKEN\"}");
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void withoutStreamTheItemsAreOneArrayBoundedByMaxStreamItems(TestTransport transport) throws IOException {
		LineClient client = connect(transport);

		client.call(1, "count", 5);
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":[1,2,3,4,5]}");
		client.call(2, "count", 6);
		assertThat(client.readLine()).isEqualTo("{\"success\":false,\"rid\":2,\"error\":\"method 'count' produced more "
				+ "than 5 items for a caller that did not ask for a stream (ipc.server.max-stream-items)\","
				+ "\"code\":\"TOO_MANY_ITEMS\"}");
		client.call(3, "failAfter", 1);
		assertThat(client.readLine())
			.isEqualTo("{\"success\":false,\"rid\":3,\"error\":\"broke after 1\",\"code\":\"BROKEN\"}");
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void theBoundStopsAnEndlessProducer(TestTransport transport) throws Exception {
		LineClient client = connect(transport);

		client.call(1, "endless");

		assertThat(client.readLine()).contains("\"code\":\"TOO_MANY_ITEMS\"");
		assertThat(this.service.endlessCancelled.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void aMethodThatDoesNotStreamAnswersOneNextThenTheFinalAnswer(TestTransport transport) throws IOException {
		LineClient client = connect(transport);

		client.send(streamRequest(4, "add", 2, 3));

		assertThat(client.readLines(2)).containsExactly("{\"action\":\"next\",\"rid\":4,\"data\":5}",
				"{\"success\":true,\"rid\":4,\"data\":null}");
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void cancelStopsTheProducerAndAnswersCancelled(TestTransport transport) throws Exception {
		LineClient client = connect(transport);

		client.send(streamRequest(9, "endless"));
		assertThat(client.readLine()).isEqualTo("{\"action\":\"next\",\"rid\":9,\"data\":1}");
		client.send("{\"action\":\"cancel\",\"rid\":9}");
		client.send("{\"action\":\"cancel\",\"rid\":404}");

		assertThat(this.service.endlessCancelled.await(10, TimeUnit.SECONDS)).isTrue();
		String line;
		do {
			line = client.readLine();
		}
		while (line.startsWith("{\"action\":\"next\",\"rid\":9,"));
		assertThat(line).isEqualTo("{\"success\":false,\"rid\":9,\"error\":\"the client cancelled the call to method "
				+ "'endless'\",\"code\":\"CANCELLED\"}");
		client.call(10, "add", 1, 1);
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":10,\"data\":2}");
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void closingTheConnectionCancelsTheProducer(TestTransport transport) throws Exception {
		LineClient client = connect(transport);

		client.send(streamRequest(9, "endless"));
		assertThat(client.readLine()).isEqualTo("{\"action\":\"next\",\"rid\":9,\"data\":1}");
		client.close();

		assertThat(this.service.endlessCancelled.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void stoppingTheServerAnswersShuttingDownAndCancelsTheProducer(TestTransport transport) throws Exception {
		IpcServer server = this.servers.start(transport,
				(builder) -> builder.service(ServiceDefinition.of("", this.service))
					.shutdownTimeout(Duration.ofMillis(100)));
		LineClient client = this.servers.connect(server);
		client.send(streamRequest(9, "endless"));
		assertThat(client.readLine()).isEqualTo("{\"action\":\"next\",\"rid\":9,\"data\":1}");

		server.stop();

		assertThat(this.service.endlessCancelled.await(10, TimeUnit.SECONDS)).isTrue();
		String line;
		do {
			line = client.readLine();
		}
		while (line.startsWith("{\"action\":\"next\",\"rid\":9,"));
		assertThat(line).isEqualTo("{\"success\":false,\"rid\":9,\"error\":\"the server shut down before method "
				+ "'endless' finished\",\"code\":\"SHUTTING_DOWN\"}");
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void aStreamingCallCountsInFlightUntilItsFinalAnswer(TestTransport transport) throws Exception {
		IpcServer server = this.servers.start(transport,
				(builder) -> builder.service(ServiceDefinition.of("", this.service)).maxInFlight(1));
		LineClient client = this.servers.connect(server);
		client.send(streamRequest(9, "gated"));
		assertThat(client.readLine()).isEqualTo("{\"action\":\"next\",\"rid\":9,\"data\":1}");
		client.call(10, "add", 1, 1);
		assertThat(server.statistics().callsInFlight()).isOne();

		this.service.gate.countDown();

		assertThat(client.readLines(2)).containsExactly("{\"success\":true,\"rid\":9,\"data\":null}",
				"{\"success\":true,\"rid\":10,\"data\":2}");
		await().until(() -> server.statistics().callsInFlight() == 0);
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void anItemThatCannotBeWrittenEndsTheStreamWithInternalError(TestTransport transport) throws IOException {
		LineClient client = connect(transport);

		client.send(streamRequest(1, "unwritable"));
		client.call(2, "add", 1, 1);

		assertThat(client.readLines(2)).containsExactlyInAnyOrder("{\"success\":true,\"rid\":2,\"data\":2}",
				"{\"success\":false,\"rid\":1,\"error\":\"the result of method 'unwritable' could not be written "
						+ "as JSON\",\"code\":\"INTERNAL_ERROR\"}");
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void aStreamIsStreamedThenClosed(TestTransport transport) throws Exception {
		LineClient client = connect(transport);

		client.send(streamRequest(1, "words", 2));

		assertThat(client.readLines(3)).containsExactly("{\"action\":\"next\",\"rid\":1,\"data\":\"w1\"}",
				"{\"action\":\"next\",\"rid\":1,\"data\":\"w2\"}", "{\"success\":true,\"rid\":1,\"data\":null}");
		assertThat(this.service.streamClosed.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void aFluxStreamsAndAnswersAnArrayWithoutStream(TestTransport transport) throws IOException {
		LineClient client = connect(transport);

		client.send(streamRequest(1, "flux", 2));
		client.call(2, "flux", 3);

		List<String> lines = client.readLines(4);
		assertThat(lines).containsSubsequence("{\"action\":\"next\",\"rid\":1,\"data\":1}",
				"{\"action\":\"next\",\"rid\":1,\"data\":2}", "{\"success\":true,\"rid\":1,\"data\":null}");
		assertThat(lines).contains("{\"success\":true,\"rid\":2,\"data\":[1,2,3]}");
	}

}
