package dev.socketipc.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class WireCodecTest {

	private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

	private final WireCodec codec = WireCodec.create();

	// --- decoding ---

	@Test
	void decodesRequest() {
		WireMessage.Request message = request("{\"rid\":1,\"method\":\"add\",\"args\":[1,2,3,4,5]}");
		assertThat(message.rid()).isEqualTo(1L);
		assertThat(message.hasRid()).isTrue();
		assertThat(message.method()).isEqualTo("add");
		assertThat(message.args().toString()).isEqualTo("[1,2,3,4,5]");
	}

	@Test
	void decodesNotificationWithoutRidAndIgnoresUnknownFields() {
		WireMessage.Request message = request(
				"{\"method\":\"log\",\"extra\":{\"nested\":[1,{\"a\":2}]},\"args\":[\"x\"]}");
		assertThat(message.hasRid()).isFalse();
		assertThat(message.method()).isEqualTo("log");
		assertThat(message.args().toString()).isEqualTo("[\"x\"]");
	}

	@Test
	void decodesNullArgsAsAbsent() {
		WireMessage.Request message = request("{\"rid\":1,\"method\":\"time\",\"args\":null}");
		assertThat(message.args()).isNull();
	}

	@Test
	void decodesLineAtAnOffsetInsideTheArray() {
		byte[] bytes = "xx{\"rid\":3,\"method\":\"m\"}yy".getBytes(StandardCharsets.UTF_8);
		WireMessage message = this.codec.decode(bytes, 2, bytes.length - 4);
		assertThat(message).isEqualTo(new WireMessage.Request(3L, "m", null));
	}

	@Test
	void decodesSuccessResponse() {
		WireMessage.Answer message = answer("{\"success\":true,\"rid\":\"r1\",\"data\":{\"a\":[1,2]}}");
		assertThat(message.success()).isTrue();
		assertThat(message.rid()).isEqualTo("r1");
		assertThat(message.data().toString()).isEqualTo("{\"a\":[1,2]}");
		assertThat(message.error()).isNull();
	}

	@Test
	void decodesNullDataAsNullNodeAndMissingDataAsNull() {
		assertThat(answer("{\"success\":true,\"rid\":1,\"data\":null}").data().isNull()).isTrue();
		assertThat(answer("{\"success\":true,\"rid\":1}").data()).isNull();
	}

	@Test
	void decodesErrorResponse() {
		WireMessage.Answer message = answer(
				"{\"success\":false,\"rid\":2,\"error\":\"boom\",\"code\":\"SERVICE_ERROR\"}");
		assertThat(message.success()).isFalse();
		assertThat(message.rid()).isEqualTo(2L);
		assertThat(message.error()).isEqualTo("boom");
		assertThat(message.code()).isEqualTo("SERVICE_ERROR");
		assertThat(ErrorCode.fromWire(message.code())).isEqualTo(ErrorCode.SERVICE_ERROR);
	}

	@Test
	void decodesAnUnknownErrorCodeAsSent() {
		assertThat(answer("{\"success\":false,\"rid\":2,\"error\":\"no\",\"code\":\"QUOTA_EXCEEDED\"}").code())
			.isEqualTo("QUOTA_EXCEEDED");
	}

	@Test
	void decodesNonStringErrorAsItsJsonText() {
		WireMessage.Answer message = answer("{\"success\":false,\"rid\":2,\"error\":{\"message\":\"x\"}}");
		assertThat(message.error()).isEqualTo("{\"message\":\"x\"}");
	}

	@Test
	void decodesRegisterMessage() {
		assertThat(decode("{\"action\":\"register\",\"methods\":[\"add\",\"time\"],\"protocol\":1}"))
			.isEqualTo(new WireMessage.Register(List.of("add", "time"), 1));
		assertThat(decode("{\"action\":\"register\"}")).isEqualTo(new WireMessage.Register(null, 0));
	}

	@Test
	void decodesActionMessages() {
		assertThat(decode("{\"action\":\"ping\"}")).isEqualTo(new WireMessage.Action("ping"));
		assertThat(decode("{\"action\":\"pong\"}")).isEqualTo(new WireMessage.Action("pong"));
	}

	@Test
	void decidesTheKindInTheDocumentedOrder() {
		assertThat(decode("{\"action\":\"register\",\"method\":\"add\",\"rid\":1}"))
			.isEqualTo(new WireMessage.Request(1L, "add", null));
		assertThat(decode("{\"success\":true,\"action\":\"ping\"}")).isEqualTo(new WireMessage.Action("ping"));
		assertThat(decode("{\"rid\":4}")).isEqualTo(new WireMessage.Invalid(4L, "a request needs a method"));
		assertThat(decode("{\"rid\":4,\"success\":\"yes\"}"))
			.isEqualTo(new WireMessage.Invalid(4L, "a request needs a method"));
	}

	@Test
	void decodesRidKinds() {
		assertThat(rid("{\"rid\":9007199254740991}")).isEqualTo(9007199254740991L);
		assertThat(rid("{\"rid\":-5}")).isEqualTo(-5L);
		assertThat(rid("{\"rid\":123456789012345678901234567890}"))
			.isEqualTo(new RawNumber("123456789012345678901234567890"));
		assertThat(rid("{\"rid\":1.5}")).isEqualTo(new RawNumber("1.5"));
		assertThat(rid("{\"rid\":-0}")).isEqualTo(new RawNumber("-0"));
		assertThat(rid("{\"rid\":0}")).isEqualTo(0L);
		assertThat(rid("{\"rid\":\"a-7\"}")).isEqualTo("a-7");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "[1]", "true", "false", "null" })
	void rejectsRidThatIsNotANumberOrString(String rid) {
		WireMessage message = decode("{\"rid\":" + rid + ",\"method\":\"add\",\"args\":[]}");
		assertThat(message).isEqualTo(new WireMessage.Invalid(null, "rid must be a number or a string"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "5", "null", "[\"add\"]", "{\"a\":1}", "true" })
	void rejectsMethodThatIsNotAString(String method) {
		WireMessage message = decode("{\"rid\":1,\"method\":" + method + ",\"args\":[]}");
		assertThat(message).isEqualTo(new WireMessage.Invalid(1L, "method must be a string"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "1", "\"1,2\"", "true" })
	void rejectsArgsThatIsNotAnArray(String args) {
		WireMessage message = decode("{\"rid\":1,\"method\":\"add\",\"args\":" + args + "}");
		assertThat(message).isEqualTo(new WireMessage.Invalid(1L, "args must be an array"));
	}

	@Test
	void rejectsActionThatIsNotAString() {
		assertThat(decode("{\"action\":1}")).isEqualTo(new WireMessage.Invalid(null, "action must be a string"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "[1,2]|an array", "42|a number", "4.2|a number", "\"x\"|a string",
			"true|a boolean", "null|null" })
	void rejectsTopLevelValueThatIsNotAnObject(String line, String kind) {
		WireMessage message = decode(line);
		assertThat(message).isEqualTo(new WireMessage.Invalid(null, "a message must be a JSON object, not " + kind));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"rid\":1,", "{rid:1}", "{\"rid\":1,\"method\":\"add\"", "nope", "{\"a\":1} x" })
	void malformedJsonIsAWireFormatException(String line) {
		assertThatExceptionOfType(WireFormatException.class).isThrownBy(() -> decode(line))
			.withMessageStartingWith("malformed JSON: ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"rid\":1} {\"rid\":2}", "{\"rid\":1}{\"rid\":2}", "[1] 2", "1 2" })
	void twoJsonValuesOnOneLineAreAWireFormatException(String line) {
		assertThatExceptionOfType(WireFormatException.class).isThrownBy(() -> decode(line))
			.withMessage("more than one JSON value on a line");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "\t" })
	void emptyLineIsAWireFormatException(String line) {
		assertThatExceptionOfType(WireFormatException.class).isThrownBy(() -> decode(line))
			.withMessage("empty message");
	}

	// --- encoding ---

	@Test
	void encodesSuccess() {
		assertThat(text(this.codec.encodeSuccess(ALLOC, 1L, 15)))
			.isEqualTo("{\"success\":true,\"rid\":1,\"data\":15}\n");
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("x", List.of(1, 2));
		data.put("y", null);
		assertThat(text(this.codec.encodeSuccess(ALLOC, "a-1", data)))
			.isEqualTo("{\"success\":true,\"rid\":\"a-1\",\"data\":{\"x\":[1,2],\"y\":null}}\n");
		assertThat(text(this.codec.encodeSuccess(ALLOC, 2, null)))
			.isEqualTo("{\"success\":true,\"rid\":2,\"data\":null}\n");
	}

	@Test
	void encodesError() {
		assertThat(text(this.codec.encodeError(ALLOC, 1L, ErrorCode.METHOD_NOT_FOUND, "no 'x'")))
			.isEqualTo("{\"success\":false,\"rid\":1,\"error\":\"no 'x'\",\"code\":\"METHOD_NOT_FOUND\"}\n");
		assertThat(text(this.codec.encodeError(ALLOC, null, ErrorCode.PARSE_ERROR, "bad \"line\"")))
			.isEqualTo("{\"success\":false,\"error\":\"bad \\\"line\\\"\",\"code\":\"PARSE_ERROR\"}\n");
	}

	@Test
	void encodesRegister() {
		assertThat(text(this.codec.encodeRegister(ALLOC, List.of("add", "time"), WireFeatures.SERVER))).isEqualTo(
				"{\"action\":\"register\",\"methods\":[\"add\",\"time\"],\"protocol\":1,\"features\":[\"ping\",\"meta\",\"events\",\"stream\"]}\n");
		assertThat(text(this.codec.encodeRegister(ALLOC, List.of(), List.of())))
			.isEqualTo("{\"action\":\"register\",\"methods\":[],\"protocol\":1,\"features\":[]}\n");
	}

	@Test
	void encodesRequestAndNotification() {
		assertThat(text(this.codec.encodeRequest(ALLOC, 1L, "add", new Object[] { 1, 2, 3, 4, 5 })))
			.isEqualTo("{\"rid\":1,\"method\":\"add\",\"args\":[1,2,3,4,5]}\n");
		assertThat(text(this.codec.encodeRequest(ALLOC, null, "log", new Object[] { "x", List.of(true) })))
			.isEqualTo("{\"method\":\"log\",\"args\":[\"x\",[true]]}\n");
		assertThat(text(this.codec.encodeRequest(ALLOC, "r", "time", new Object[0])))
			.isEqualTo("{\"rid\":\"r\",\"method\":\"time\",\"args\":[]}\n");
	}

	@Test
	void encodesAction() {
		assertThat(text(this.codec.encodeAction(ALLOC, "pong"))).isEqualTo("{\"action\":\"pong\"}\n");
	}

	@Test
	void lineBreaksInsideStringsNeverEndTheLine() {
		String tricky = "a\nb\rc\u2028d\u2029e\r\n";
		String success = text(this.codec.encodeSuccess(ALLOC, 1L, tricky));
		assertThat(success).isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"a\\nb\\rc\u2028d\u2029e\\r\\n\"}\n");
		assertSingleLine(success);
		String error = text(this.codec.encodeError(ALLOC, 1L, ErrorCode.SERVICE_ERROR, tricky));
		assertThat(error).isEqualTo("{\"success\":false,\"rid\":1,\"error\":\"a\\nb\\rc\u2028d\u2029e\\r\\n\","
				+ "\"code\":\"SERVICE_ERROR\"}\n");
		assertSingleLine(error);
		assertSingleLine(text(this.codec.encodeRegister(ALLOC, List.of(tricky), List.of(tricky))));
		assertSingleLine(text(this.codec.encodeRequest(ALLOC, 1L, tricky, new Object[] { tricky })));
	}

	@Test
	void codecFromIndentingMapperStillWritesSingleLines() {
		JsonMapper indenting = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
		assertThat(indenting.writeValueAsString(Map.of("a", 1))).contains("\n");
		WireCodec wire = WireCodec.of(indenting);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("a", List.of(1, 2));
		data.put("b", Map.of("c", "d"));
		assertThat(text(wire.encodeSuccess(ALLOC, 1L, data)))
			.isEqualTo("{\"success\":true,\"rid\":1,\"data\":{\"a\":[1,2],\"b\":{\"c\":\"d\"}}}\n");
		assertThat(text(wire.encodeRequest(ALLOC, 2L, "put", new Object[] { data })))
			.isEqualTo("{\"rid\":2,\"method\":\"put\",\"args\":[{\"a\":[1,2],\"b\":{\"c\":\"d\"}}]}\n");
		assertThat(text(wire.encodeRegister(ALLOC, List.of("a", "b"), List.of("ping"))))
			.isEqualTo("{\"action\":\"register\",\"methods\":[\"a\",\"b\"],\"protocol\":1,\"features\":[\"ping\"]}\n");
		assertThat(wire.mapper().writeValueAsString(data)).doesNotContain("\n");
	}

	@Test
	void echoedRidKeepsItsText() {
		assertThat(echo("9007199254740991")).isEqualTo("{\"success\":true,\"rid\":9007199254740991,\"data\":0}\n");
		assertThat(echo("\"9007199254740993\""))
			.isEqualTo("{\"success\":true,\"rid\":\"9007199254740993\",\"data\":0}\n");
		assertThat(echo("\"a b\\\"c\"")).isEqualTo("{\"success\":true,\"rid\":\"a b\\\"c\",\"data\":0}\n");
		assertThat(echo("123456789012345678901234567890"))
			.isEqualTo("{\"success\":true,\"rid\":123456789012345678901234567890,\"data\":0}\n");
		assertThat(echo("1.5")).isEqualTo("{\"success\":true,\"rid\":1.5,\"data\":0}\n");
		Object rid = rid("{\"rid\":-42}");
		assertThat(text(this.codec.encodeError(ALLOC, rid, ErrorCode.SERVICE_ERROR, "x")))
			.isEqualTo("{\"success\":false,\"rid\":-42,\"error\":\"x\",\"code\":\"SERVICE_ERROR\"}\n");
	}

	private String echo(String ridText) {
		Object rid = request("{\"rid\":" + ridText + ",\"method\":\"m\"}").rid();
		return text(this.codec.encodeSuccess(ALLOC, rid, 0));
	}

	private WireMessage.Request request(String line) {
		return assertInstanceOf(WireMessage.Request.class, decode(line));
	}

	private WireMessage.Answer answer(String line) {
		return assertInstanceOf(WireMessage.Answer.class, decode(line));
	}

	/**
	 * The rid of a line that has nothing else, which makes it an invalid request keeping
	 * its rid.
	 */
	private Object rid(String line) {
		return assertInstanceOf(WireMessage.Invalid.class, decode(line)).rid();
	}

	private WireMessage decode(String line) {
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		return this.codec.decode(bytes, 0, bytes.length);
	}

	private static void assertSingleLine(String line) {
		assertThat(line).endsWith("\n");
		assertThat(line.chars().filter((c) -> c == '\n').count()).isEqualTo(1);
	}

	private static String text(ByteBuf buffer) {
		try {
			return buffer.toString(StandardCharsets.UTF_8);
		}
		finally {
			buffer.release();
		}
	}

}
