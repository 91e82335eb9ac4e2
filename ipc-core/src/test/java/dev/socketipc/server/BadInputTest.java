package dev.socketipc.server;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.socketipc.protocol.WireCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the server answers to lines that are not valid calls, and to calls that fail,
 * through the real pipeline in an {@link EmbeddedChannel}.
 */
class BadInputTest {

	private static final int MAX_LINE = 4096;

	private final JsonMapper json = JsonMapper.builder().build();

	private final BadInputService service = new BadInputService();

	private EmbeddedChannel channel;

	@BeforeEach
	void openChannel() {
		WireCodec codec = WireCodec.create();
		ServiceRegistry registry = ServiceRegistry.of(List.of(ServiceDefinition.of("", this.service)), codec);
		ServerRuntime runtime = new ServerRuntime(registry, codec, Runnable::run, 16, Duration.ofSeconds(30),
				ErrorDetails.MESSAGE);
		this.channel = new EmbeddedChannel(ServerPipeline.lines(runtime, MAX_LINE));
		assertThat(ServerConnectionFramingTest.drain(this.channel)).singleElement()
			.asString()
			.startsWith("{\"action\":\"register\",");
	}

	@AfterEach
	void closeChannel() {
		this.channel.finishAndReleaseAll();
	}

	@Test
	void malformedJsonIsAParseErrorWithoutRidAndTheConnectionStaysUsable() {
		JsonNode answer = this.json.readTree(send("{\"rid\":1,\"method\":\"add\","));
		assertThat(answer.has("rid")).isFalse();
		assertThat(answer.get("success").booleanValue()).isFalse();
		assertThat(answer.get("code").stringValue()).isEqualTo("PARSE_ERROR");
		assertThat(answer.get("error").stringValue()).startsWith("malformed JSON: ");
		assertThat(this.channel.isOpen()).isTrue();
		assertThat(send("{\"rid\":2,\"method\":\"add\",\"args\":[1,2]}"))
			.isEqualTo("{\"success\":true,\"rid\":2,\"data\":3}\n");
	}

	@Test
	void twoValuesOnOneLineAreAParseError() {
		assertThat(send("{\"rid\":1,\"method\":\"add\",\"args\":[1,2]} {\"rid\":2}"))
			.isEqualTo(failure(null, "more than one JSON value on a line", "PARSE_ERROR"));
		assertThat(this.service.addCalls).isZero();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "[1,2]|an array", "42|a number", "\"x\"|a string" })
	void topLevelValueThatIsNotAnObjectIsAnInvalidRequest(String line, String kind) {
		assertThat(send(line))
			.isEqualTo(failure(null, "a message must be a JSON object, not " + kind, "INVALID_REQUEST"));
		assertThat(this.channel.isOpen()).isTrue();
	}

	@Test
	void missingMethodIsAnInvalidRequestEchoingRid() {
		assertThat(send("{\"rid\":7,\"args\":[1]}"))
			.isEqualTo(failure("7", "a request needs a method", "INVALID_REQUEST"));
	}

	@Test
	void methodThatIsNotAStringIsAnInvalidRequestEchoingRid() {
		assertThat(send("{\"rid\":\"m\",\"method\":[\"add\"],\"args\":[1]}"))
			.isEqualTo(failure("\"m\"", "method must be a string", "INVALID_REQUEST"));
	}

	@Test
	void argsThatIsNotAnArrayIsAnInvalidRequestEchoingRid() {
		assertThat(send("{\"rid\":8,\"method\":\"add\",\"args\":{\"a\":1}}"))
			.isEqualTo(failure("8", "args must be an array", "INVALID_REQUEST"));
		assertThat(this.service.addCalls).isZero();
	}

	@Test
	void ridThatIsNotANumberOrStringIsAnInvalidRequestWithoutRid() {
		assertThat(send("{\"rid\":{\"id\":1},\"method\":\"add\",\"args\":[1,2]}"))
			.isEqualTo(failure(null, "rid must be a number or a string", "INVALID_REQUEST"));
		assertThat(this.service.addCalls).isZero();
	}

	@Test
	void unknownMethodIsMethodNotFoundNamingIt() {
		assertThat(send("{\"rid\":3,\"method\":\"nope\",\"args\":[]}"))
			.isEqualTo(failure("3", "method 'nope' is not exposed by this server", "METHOD_NOT_FOUND"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "[1,2,3]|3", "[1]|1", "[]|0" })
	void wrongArgumentCountIsInvalidArgumentsNamingTheParameters(String args, String count) {
		assertThat(send("{\"rid\":4,\"method\":\"add\",\"args\":" + args + "}"))
			.isEqualTo(failure("4", "method 'add' expects 2 arguments (a, b) but got " + count, "INVALID_ARGUMENTS"));
		assertThat(this.service.addCalls).isZero();
	}

	@Test
	void missingArgsCountAsNoArguments() {
		assertThat(send("{\"rid\":4,\"method\":\"add\"}"))
			.isEqualTo(failure("4", "method 'add' expects 2 arguments (a, b) but got 0", "INVALID_ARGUMENTS"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "[1,\"x\"]|argument 2 'b' of method 'add': cannot convert \"x\" to int",
					"[[1],2]|argument 1 'a' of method 'add': cannot convert [1] to int",
					"[{\"n\":1},2]|argument 1 'a' of method 'add': cannot convert {\"n\":1} to int",
					"[null,2]|argument 1 'a' of method 'add': null is not a valid int" })
	void unconvertibleArgumentIsInvalidArgumentsNamingTheParameter(String args, String prefix) {
		JsonNode answer = this.json.readTree(send("{\"rid\":5,\"method\":\"add\",\"args\":" + args + "}"));
		assertThat(answer.get("rid").longValue()).isEqualTo(5);
		assertThat(answer.get("code").stringValue()).isEqualTo("INVALID_ARGUMENTS");
		assertThat(answer.get("error").stringValue()).startsWith(prefix);
		assertThat(this.service.addCalls).isZero();
	}

	@Test
	void serviceExceptionIsAServiceErrorWithItsMessage() {
		assertThat(send("{\"rid\":6,\"method\":\"fail\",\"args\":[]}"))
			.isEqualTo(failure("6", "boom", "SERVICE_ERROR"));
	}

	@Test
	void serviceExceptionWithoutMessageIsAServiceErrorNamingItsClass() {
		assertThat(send("{\"rid\":6,\"method\":\"failWithoutMessage\",\"args\":[]}"))
			.isEqualTo(failure("6", "UnsupportedOperationException", "SERVICE_ERROR"));
	}

	@Test
	void resultThatCannotBeWrittenIsAnInternalError() {
		JsonNode answer = this.json.readTree(send("{\"rid\":9,\"method\":\"unwritable\",\"args\":[]}"));
		assertThat(answer.get("success").booleanValue()).isFalse();
		assertThat(answer.get("rid").longValue()).isEqualTo(9);
		assertThat(answer.get("code").stringValue()).isEqualTo("INTERNAL_ERROR");
		assertThat(answer.get("error").stringValue())
			.startsWith("the result of method 'unwritable' could not be written as JSON: ");
		assertThat(this.channel.isOpen()).isTrue();
	}

	@Test
	void notificationRunsAndIsNotAnswered() {
		assertThat(sendAll("{\"method\":\"record\",\"args\":[\"first\"]}\n" + "{\"method\":\"fail\",\"args\":[]}\n"
				+ "{\"method\":\"record\",\"args\":[\"second\"]}\n"))
			.isEmpty();
		assertThat(this.service.recorded).containsExactly("first", "second");
	}

	@Test
	void notificationThatCannotBeDispatchedIsAnsweredWithoutRid() {
		assertThat(send("{\"method\":\"nope\"}"))
			.isEqualTo(failure(null, "method 'nope' is not exposed by this server", "METHOD_NOT_FOUND"));
		assertThat(send("{\"method\":\"record\",\"args\":[1,2]}"))
			.isEqualTo(failure(null, "method 'record' expects 1 argument (value) but got 2", "INVALID_ARGUMENTS"));
		assertThat(this.service.recorded).isEmpty();
	}

	@Test
	void pingIsAnsweredWithPong() {
		assertThat(send("{\"action\":\"ping\"}")).isEqualTo("{\"action\":\"pong\"}\n");
	}

	@Test
	void unknownActionIsIgnored() {
		assertThat(sendAll("{\"action\":\"hello\"}\n")).isEmpty();
		assertThat(this.channel.isOpen()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"rid\":1,", "[1,2]", "{\"rid\":1,\"method\":\"nope\"}",
			"{\"rid\":1,\"method\":\"add\",\"args\":[1,\"x\"]}", "{\"rid\":1,\"method\":\"add\",\"args\":[1]}",
			"{\"rid\":1,\"method\":\"fail\"}", "{\"rid\":1,\"method\":\"failWithoutMessage\"}",
			"{\"rid\":1,\"method\":\"unwritable\"}" })
	void errorMessagesHoldNoStackTrace(String line) {
		String answer = send(line);
		String error = this.json.readTree(answer).get("error").stringValue();
		assertThat(error).isNotBlank().doesNotContain("\tat ").doesNotContain("\n").doesNotContain(".java:");
		assertThat(answer).doesNotContain("\\tat ");
	}

	/**
	 * The exact error line the server writes; {@code ridJson} is the rid's JSON text,
	 * {@code null} for none.
	 */
	private static String failure(String ridJson, String error, String code) {
		String rid = (ridJson != null) ? "\"rid\":" + ridJson + "," : "";
		return "{\"success\":false," + rid + "\"error\":\"" + error + "\",\"code\":\"" + code + "\"}\n";
	}

	/** Sends one line and returns the single answer it gets. */
	private String send(String line) {
		List<String> answers = sendAll(line + "\n");
		assertThat(answers).as("answers to %s", line).hasSize(1);
		return answers.get(0);
	}

	private List<String> sendAll(String lines) {
		ByteBuf buffer = Unpooled.wrappedBuffer(lines.getBytes(StandardCharsets.UTF_8));
		this.channel.writeInbound(buffer);
		this.channel.runPendingTasks();
		return new ArrayList<>(ServerConnectionFramingTest.drain(this.channel));
	}

	static final class BadInputService {

		int addCalls;

		final List<String> recorded = new ArrayList<>();

		public int add(int a, int b) {
			this.addCalls++;
			return a + b;
		}

		public void record(String value) {
			this.recorded.add(value);
		}

		public String fail() {
			throw new IllegalStateException("boom");
		}

		public String failWithoutMessage() {
			throw new UnsupportedOperationException();
		}

		public Unwritable unwritable() {
			return new Unwritable();
		}

	}

	public static final class Unwritable {

		public String getValue() {
			throw new IllegalStateException("no value for you");
		}

	}

}
