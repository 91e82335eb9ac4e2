package dev.socketipc.server;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.testsupport.LineClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, check 7: JSON bombs (nesting 10,000 deep, a 10,000-digit number, a
 * 100,000-character key, exponents that would expand to a billion digits) get an error
 * answer, never a {@link StackOverflowError} nor a hang, and the connection goes on
 * serving the next request. The depth bombs go over a real Unix socket to a server whose
 * {@code max-line-length} is raised so that even a million-deep bomb reaches the parser;
 * the rest go through the pipeline in an
 * {@link io.netty.channel.embedded.EmbeddedChannel}.
 */
class HostileJsonBombTest {

	private static final int BIG_LINES = 8 * 1024 * 1024;

	private static final String VALID = "{\"rid\":\"after\",\"method\":\"add\",\"args\":[40,2]}";

	private static final String VALID_ANSWER = "{\"success\":true,\"rid\":\"after\",\"data\":42}";

	private static final BombService unixService = new BombService();

	private static HostileUnixServer unix;

	private final BombService service = new BombService();

	private HostilePipeline pipeline;

	@BeforeAll
	static void startUnixServer() throws IOException {
		unix = HostileUnixServer.start(BIG_LINES, unixService);
	}

	@AfterAll
	static void stopUnixServer() throws IOException {
		unix.close();
	}

	@BeforeEach
	void openPipeline() {
		this.pipeline = HostilePipeline.open(BIG_LINES, this.service);
		unixService.calls.clear();
	}

	@AfterEach
	void closePipeline() {
		this.pipeline.close();
	}

	static Stream<Arguments> depthBombs() {
		String arrays = "[".repeat(10_000) + "]".repeat(10_000);
		String objects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
		return Stream
			.of(Arguments.of("arrays as the whole line", arrays), Arguments.of("objects as the whole line", objects),
					Arguments.of("arrays inside args", "{\"rid\":1,\"method\":\"inspect\",\"args\":[" + arrays + "]}"),
					Arguments.of("objects inside args",
							"{\"rid\":1,\"method\":\"inspect\",\"args\":[" + objects + "]}"),
					Arguments.of("arrays as args", "{\"rid\":1,\"method\":\"inspect\",\"args\":" + arrays + "}"),
					Arguments.of("arrays as the rid", "{\"rid\":" + arrays + ",\"method\":\"inspect\",\"args\":[1]}"),
					Arguments.of("objects in an unknown field",
							"{\"rid\":1,\"method\":\"inspect\",\"extra\":" + objects + ",\"args\":[1]}"),
					Arguments.of("arrays as data", "{\"success\":true,\"rid\":1,\"data\":" + arrays + "}"),
					Arguments.of("a million arrays, 2 MB",
							"{\"rid\":1,\"method\":\"inspect\",\"args\":[" + "[".repeat(1_000_000)
									+ "]".repeat(1_000_000) + "]}"),
					Arguments.of("unclosed arrays", "[".repeat(100_000)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("depthBombs")
	void depthBombOverUnixSocketIsAParseErrorAndTheConnectionServesTheNextRequest(String description, String bomb)
			throws IOException {
		LineClient client = unix.connect();

		client.send(bomb);
		JsonNode answer = JsonMapper.shared().readTree(client.readLine());
		client.send(VALID);

		assertThat(answer.get("success").booleanValue()).isFalse();
		assertThat(answer.get("code").stringValue()).isEqualTo("PARSE_ERROR");
		assertThat(answer.get("error").stringValue()).contains("nesting depth");
		assertThat(answer.has("rid")).isFalse();
		assertThat(client.readLine()).isEqualTo(VALID_ANSWER);
		assertThat(unixService.calls).containsExactly("add");
	}

	@Test
	void depthJustUnderTheParserLimitIsServed() throws IOException {
		LineClient client = unix.connect();
		String nested = "[".repeat(400) + "7" + "]".repeat(400);

		client.send("{\"rid\":1,\"method\":\"inspect\",\"args\":[" + nested + "]}");

		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":" + nested + "}");
	}

	static Stream<Arguments> numberBombs() {
		String digits = "1" + "0".repeat(9_999);
		String fraction = "0." + "3".repeat(9_998);
		return Stream.of(Arguments.of("10,000 digits to an int", call("add", digits)),
				Arguments.of("10,000 digits to a BigInteger", call("integer", digits)),
				Arguments.of("10,000 digits to a BigDecimal", call("decimal", fraction)),
				Arguments.of("10,000 digits to an Object", call("inspect", "-" + digits)),
				Arguments.of("10,000 digits as a varargs element", call("add", "1," + digits)),
				Arguments.of("10,000-digit integer rid", "{\"rid\":" + digits + ",\"method\":\"add\",\"args\":[1]}"),
				Arguments.of("10,000-digit decimal rid", "{\"rid\":" + fraction + ",\"method\":\"add\",\"args\":[1]}"),
				Arguments.of("10,000 digits in an unknown field",
						"{\"rid\":1,\"method\":\"add\",\"n\":" + digits + ",\"args\":[1]}"),
				Arguments.of("10,000 digits as the whole line", digits));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("numberBombs")
	void numberOfTenThousandDigitsIsAParseErrorAndTheNextRequestIsServed(String description, String line) {
		assertParseErrorThenServed(line, "Number value length");
	}

	@Test
	void keyOfHundredThousandCharactersIsAParseErrorAndTheNextRequestIsServed() {
		String key = "\"" + "k".repeat(100_000) + "\"";
		assertParseErrorThenServed("{\"rid\":1,\"method\":\"inspect\",\"args\":[{" + key + ":1}]}", "Name length");
		assertParseErrorThenServed("{" + key + ":1,\"rid\":1,\"method\":\"add\",\"args\":[1]}", "Name length");
		assertThat(this.service.calls).containsExactly("add", "add");
	}

	@Test
	void exponentBombsNeverExpandAndAreRefusedAsInvalidArguments() {
		List<String> answers = new ArrayList<>();
		answers.addAll(this.pipeline.send(call("integer", "1e999999999")));
		answers.addAll(this.pipeline.send(call("decimal", "-1e999999999")));
		answers.addAll(this.pipeline.send(call("add", "1e999999999")));
		answers.addAll(this.pipeline.send(VALID));

		assertThat(answers).hasSize(4);
		for (String answer : answers.subList(0, 3)) {
			assertThat(answer).contains("\"code\":\"INVALID_ARGUMENTS\"");
		}
		assertThat(answers.get(3)).isEqualTo(VALID_ANSWER + "\n");
		assertThat(this.service.calls).containsExactly("add");
	}

	@Test
	void exponentBombToABigIntegerIsRefusedWhenFloatsAreReadAsBigDecimal() {
		// lenient: the strict default refuses any number with an exponent for an integer
		// type, 1e100 included
		WireCodec exact = WireCodec
			.of(JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build(), true);
		BombService exactService = new BombService();
		try (HostilePipeline exactPipeline = HostilePipeline.open(exact, BIG_LINES, exactService)) {
			List<String> answers = new ArrayList<>();
			answers.addAll(exactPipeline.send(call("integer", "1e999999999")));
			answers.addAll(exactPipeline.send(call("integer", "1e100")));
			answers.addAll(exactPipeline.send(VALID));

			assertThat(answers).hasSize(3);
			assertThat(answers.get(0)).contains("\"code\":\"INVALID_ARGUMENTS\"").contains("scale");
			assertThat(answers.get(1))
				.isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"1" + "0".repeat(100) + "\"}\n");
			assertThat(answers.get(2)).isEqualTo(VALID_ANSWER + "\n");
			assertThat(exactService.calls).containsExactly("integer", "add");
		}
	}

	@Test
	void exponentBombAsRidIsEchoedExactlyAsSent() {
		List<String> answers = this.pipeline.send("{\"rid\":1e999999999,\"method\":\"add\",\"args\":[1]}");

		assertThat(answers).containsExactly("{\"success\":true,\"rid\":1e999999999,\"data\":1}\n");
	}

	private void assertParseErrorThenServed(String line, String reason) {
		List<String> answers = new ArrayList<>(this.pipeline.send(line));
		answers.addAll(this.pipeline.send(VALID));

		assertThat(answers).hasSize(2);
		JsonNode error = JsonMapper.shared().readTree(answers.get(0));
		assertThat(error.get("success").booleanValue()).isFalse();
		assertThat(error.get("code").stringValue()).isEqualTo("PARSE_ERROR");
		assertThat(error.get("error").stringValue()).contains(reason);
		assertThat(error.has("rid")).isFalse();
		assertThat(answers.get(1)).isEqualTo(VALID_ANSWER + "\n");
		assertThat(this.pipeline.isOpen()).isTrue();
		assertThat(this.service.calls).containsOnly("add");
	}

	private static String call(String method, String args) {
		return "{\"rid\":1,\"method\":\"" + method + "\",\"args\":[" + args + "]}";
	}

	public static final class BombService {

		final List<String> calls = new CopyOnWriteArrayList<>();

		public int add(int... numbers) {
			this.calls.add("add");
			int sum = 0;
			for (int number : numbers) {
				sum += number;
			}
			return sum;
		}

		public Object inspect(Object value) {
			this.calls.add("inspect");
			return value;
		}

		public String integer(BigInteger value) {
			this.calls.add("integer");
			return value.toString();
		}

		public String decimal(BigDecimal value) {
			this.calls.add("decimal");
			return value.toString();
		}

	}

}
