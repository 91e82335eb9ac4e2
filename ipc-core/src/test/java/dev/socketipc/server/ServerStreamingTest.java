package dev.socketipc.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.TestTransport;
import org.junit.jupiter.api.AfterEach;
import tools.jackson.databind.JsonNode;
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
	void endlessStreamsFillingTheWindowCanBeCancelledAndCallsWaitingBehindThemRun(TestTransport transport)
			throws Exception {
		IpcServer server = this.servers.start(transport,
				(builder) -> builder.service(ServiceDefinition.of("", this.service)).maxInFlight(2));
		LineClient client = this.servers.connect(server);
		client.send(streamRequest(1, "endlessCounted"));
		client.send(streamRequest(2, "endlessCounted"));
		Set<String> started = new HashSet<>();
		while (started.size() < 2) {
			String line = client.readLine();
			assertThat(line).startsWith("{\"action\":\"next\"");
			started.add(EventServers.parse(line).get("rid").asString());
		}

		client.call(3, "add", 1, 2);
		client.send("{\"action\":\"ping\"}");
		client.send("{\"action\":\"cancel\",\"rid\":1}");
		client.send("{\"action\":\"cancel\",\"rid\":2}");

		assertThat(this.service.endlessCountedCancels.await(10, TimeUnit.SECONDS))
			.as("both producers cancelled while their streams filled max-in-flight")
			.isTrue();
		Map<String, String> answers = new HashMap<>();
		while (answers.size() < 4) {
			String line = client.readLine();
			if (line.equals("{\"action\":\"pong\"}")) {
				answers.put("pong", line);
			}
			else if (!line.startsWith("{\"action\":\"next\"")) {
				answers.put(EventServers.parse(line).get("rid").asString(), line);
			}
		}
		assertThat(answers).containsEntry("1",
				"{\"success\":false,\"rid\":1,\"error\":\"the client cancelled the call to method 'endlessCounted'\","
						+ "\"code\":\"CANCELLED\"}")
			.containsEntry("2",
					"{\"success\":false,\"rid\":2,\"error\":\"the client cancelled the call to method 'endlessCounted'\","
							+ "\"code\":\"CANCELLED\"}")
			.containsEntry("3", "{\"success\":true,\"rid\":3,\"data\":3}");
		client.call(4, "add", 2, 2);
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":4,\"data\":4}");
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void aStreamWaitingForAFreeSlotIsCancelledWithoutRunning(TestTransport transport) throws Exception {
		IpcServer server = this.servers.start(transport,
				(builder) -> builder.service(ServiceDefinition.of("", this.service)).maxInFlight(1));
		LineClient client = this.servers.connect(server);
		client.send(streamRequest(9, "gated"));
		assertThat(client.readLine()).isEqualTo("{\"action\":\"next\",\"rid\":9,\"data\":1}");

		client.send(streamRequest(10, "endlessCounted"));
		client.send("{\"action\":\"cancel\",\"rid\":10}");

		assertThat(client.readLine()).isEqualTo("{\"success\":false,\"rid\":10,\"error\":\"the client cancelled the "
				+ "call to method 'endlessCounted'\",\"code\":\"CANCELLED\"}");
		this.service.gate.countDown();
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":9,\"data\":null}");
		client.call(11, "add", 1, 1);
		assertThat(client.readLine()).as("the cancelled call never ran")
			.isEqualTo("{\"success\":true,\"rid\":11,\"data\":2}");
		await().until(() -> server.statistics().callsInFlight() == 0);
	}

	@ParameterizedTest
	@EnumSource(names = { "UNIX", "TCP" })
	void aProducerThrowingFromRequestEndsItsStreamWithTheFailure(TestTransport transport) throws IOException {
		LineClient client = connect(transport);

		client.send(streamRequest(1, "throwsOnRequest"));

		String line;
		do {
			line = client.readLine();
		}
		while (line.startsWith("{\"action\":\"next\",\"rid\":1,"));
		JsonNode answer = EventServers.parse(line);
		assertThat(answer.get("rid").asInt()).isOne();
		assertThat(answer.get("code").asString()).isEqualTo("SERVICE_ERROR");
		client.call(2, "add", 1, 1);
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":2,\"data\":2}");
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
