package dev.socketipc.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@link RequestScanner} reads every line it accepts to the message the parser reads, and
 * {@link WireCodec#decode} answers every line (message or error) as the parser alone
 * does: a corpus of the lines the protocol and server tests send, hostile ones included,
 * and generated lines of every shape, with escapes, unicode, whitespace, duplicate keys,
 * odd numbers and damage.
 */
class RequestScannerTest {

	/** Generated lines per run; a failure names the seed and the line. */
	private static final int GENERATED = 10_000;

	private static final long SEED = Long.getLong("ipc.test.seed", 20_240_605L);

	private final WireCodec codec = WireCodec.create();

	static Stream<String> corpus() {
		String arrays = "[".repeat(40) + "]".repeat(40);
		String objects = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
		String key = "\"" + "k".repeat(1000) + "\"";
		List<String> lines = new ArrayList<>(List.of("{\"rid\":1,\"method\":\"add\",\"args\":[1,2,3,4,5]}",
				"{\"rid\":\"r\",\"method\":\"time\",\"args\":[]}", "{\"method\":\"notify\",\"args\":[1]}",
				"{\"rid\":1,\"method\":\"time\",\"args\":null}", "{\"rid\":4,\"method\":\"add\"}",
				"{\"args\":[1,2],\"method\":\"add\",\"rid\":3}",
				"{ \"rid\" : 1 , \"method\" : \"add\" , \"args\" : [ 1 , 2 ] }",
				"\t{\"rid\": 1, \"method\": \"add\", \"args\": [1, 2]}\r",
				"{\"rid\":9007199254740991,\"method\":\"m\"}", "{\"rid\":-5,\"method\":\"m\"}",
				"{\"rid\":0,\"method\":\"m\"}", "{\"rid\":-0,\"method\":\"m\"}", "{\"rid\":1.5,\"method\":\"m\"}",
				"{\"rid\":1e3,\"method\":\"m\"}", "{\"rid\":1E3,\"method\":\"m\"}",
				"{\"rid\":123456789012345678,\"method\":\"m\"}", "{\"rid\":1234567890123456789,\"method\":\"m\"}",
				"{\"rid\":9223372036854775807,\"method\":\"m\"}", "{\"rid\":9223372036854775808,\"method\":\"m\"}",
				"{\"rid\":-9223372036854775808,\"method\":\"m\"}",
				"{\"rid\":123456789012345678901234567890,\"method\":\"m\"}", "{\"rid\":01,\"method\":\"m\"}",
				"{\"rid\":1.,\"method\":\"m\"}", "{\"rid\":-,\"method\":\"m\"}", "{\"rid\":+1,\"method\":\"m\"}",
				"{\"rid\":\"a-7\",\"method\":\"m\"}", "{\"rid\":\"\",\"method\":\"m\"}",
				"{\"rid\":\"\\\"req-1\\\"\",\"method\":\"m\"}", "{\"rid\":null,\"method\":\"m\"}",
				"{\"rid\":true,\"method\":\"m\"}", "{\"rid\":{\"id\":1},\"method\":\"add\",\"args\":[1,2]}",
				"{\"rid\":[1],\"method\":\"add\"}", "{\"rid\":" + arrays + ",\"method\":\"m\",\"args\":[1]}",
				"{\"rid\":\"m\",\"method\":[\"add\"],\"args\":[1]}", "{\"rid\":1,\"method\":1}",
				"{\"rid\":1,\"method\":null}", "{\"rid\":1,\"method\":\"\"}",
				"{\"rid\":8,\"method\":\"add\",\"args\":{\"a\":1}}", "{\"rid\":8,\"method\":\"add\",\"args\":\"x\"}",
				"{\"rid\":8,\"method\":\"add\",\"args\":1}", "{\"rid\":7,\"args\":[1]}", "{\"rid\":4}", "{}", "[]",
				"[1,2]", "1", "\"a\"", "null", "true", "", " ", "{", "}", "{\"rid\":1,", "{rid:1}",
				"{'rid':1,'method':'m'}", "{\"rid\":1,\"method\":\"add\"", "nope", "{\"a\":1} x",
				"{\"rid\":1} {\"rid\":2}", "{\"rid\":1}{\"rid\":2}", "[1] 2", "1 2",
				"{\"rid\":1,\"method\":\"add\",\"args\":[1]} {\"rid\":2,\"method\":\"add\",\"args\":[2]}",
				"{\"rid\":1,\"method\":\"add\",\"args\":[1]}{\"rid\":2,\"method\":\"add\",\"args\":[2]}",
				"{\"rid\":1,\"method\":\"add\",\"args\":[1]}\t1", "{\"rid\":1,\"method\":\"add\",\"args\":[1]} \"x\"",
				"{\"rid\":1,\"method\":\"add\",\"args\":[1]} null", "{\"rid\":1,\"method\":\"add\",\"args\":[1]}[]",
				"{\"rid\":1,\"method\":\"add\",\"args\":[1]}\r{}", "{\"rid\":1,\"method\":\"add\",\"args\":[1],}",
				"{\"rid\":1,\"method\":\"add\",\"args\":[1,]}", "{\"rid\":1,\"method\":\"add\",\"args\":[,1]}",
				"{\"rid\":1,\"method\":\"add\",\"args\":[1 2]}", "{\"rid\":1,\"method\":\"add\",\"args\":[1}",
				"{\"rid\":1,\"method\":\"add\",\"args\":[1]]}", "{,\"rid\":1,\"method\":\"add\"}",
				"{\"rid\":1 \"method\":\"add\"}", "{\"rid\" 1,\"method\":\"add\"}",
				"{\"rid\":1,\"method\":\"decimal\",\"args\":[3.10]}",
				"{\"rid\":3,\"method\":\"d\",\"args\":[{\"a\":[1.000,2E+5]}]}",
				"{\"rid\":4,\"method\":\"half\",\"args\":[0.1]}", "{\"rid\":6,\"method\":\"integer\",\"args\":[1.9]}",
				"{\"rid\":10,\"method\":\"half\",\"args\":[0e-400]}",
				"{\"rid\":3,\"method\":\"half\",\"args\":[1e-400]}", "{\"rid\":3,\"method\":\"half\",\"args\":[1e400]}",
				"{\"rid\":3,\"method\":\"half\",\"args\":[-0.0]}", "{\"rid\":3,\"method\":\"half\",\"args\":[-0]}",
				"{\"rid\":3,\"method\":\"half\",\"args\":[1e+2,1E-2,-1.5e0]}",
				"{\"rid\":3,\"method\":\"x\",\"args\":[1.e2]}", "{\"rid\":3,\"method\":\"x\",\"args\":[.5]}",
				"{\"rid\":3,\"method\":\"x\",\"args\":[1e]}", "{\"rid\":3,\"method\":\"x\",\"args\":[1e+]}",
				"{\"rid\":3,\"method\":\"x\",\"args\":[NaN]}", "{\"rid\":3,\"method\":\"x\",\"args\":[Infinity]}",
				"{\"rid\":3,\"method\":\"x\",\"args\":[-Infinity]}", "{\"rid\":3,\"method\":\"x\",\"args\":[0x10]}",
				"{\"rid\":3,\"method\":\"x\",\"args\":[" + "9".repeat(18) + "," + "9".repeat(19) + "]}",
				"{\"rid\":3,\"method\":\"x\",\"args\":[-" + "9".repeat(18) + "]}",
				"{\"rid\":3,\"method\":\"x\",\"args\":[" + "1".repeat(1001) + "]}",
				"{\"rid\":3,\"method\":\"x\",\"args\":[0." + "3".repeat(70) + "]}",
				"{\"rid\":3,\"method\":\"x\",\"args\":[0." + "3".repeat(1001) + "]}",
				"{\"rid\":1,\"method\":\"fragile\",\"args\":[\"boom\"]}",
				"{\"rid\":1,\"method\":\"nope\",\"method\":\"integer\",\"args\":[1]}",
				"{\"rid\":1,\"rid\":2,\"method\":\"integer\",\"args\":[1]}",
				"{\"rid\":1,\"method\":\"integer\",\"args\":[1],\"args\":[2]}",
				"{\"rid\":1,\"method\":\"point\",\"args\":[{\"x\":1,\"y\":2,\"x\":3}]}",
				"{\"rid\":1,\"method\":\"point\",\"args\":[{\"x\":1,\"y\":{\"x\":1},\"z\":[{\"x\":2}]}]}",
				"{\"rid\":1,\"method\":\"point\",\"args\":[{\"x\":1,\"\\u0078\":3}]}",
				"{\"rid\":1,\"method\":\"point\",\"args\":[{\"x\":1,\"y\":{\"x\":1,\"x\":2}}]}",
				"{\"rid\":1,\"method\":\"integer\",\"args\":[1],\"extra\":{\"a\":[{\"b\":1,\"b\":1}]}}",
				"{\"rid\":1,\"method\":\"integer\",\"args\":[1],\"x\":1,\"x\":1}",
				"{\"rid\":1,\"method\":\"integer\",\"args\":[[{\"a\":{},\"a\":{}}]]}",
				"{\"rid\":2,\"method\":\"echo\",\"args\":[\"a\u00e9\u20ac\ud83d\ude00\"]}",
				"{\"rid\":2,\"method\":\"\u00e9cho\",\"args\":[\"\u65e5\u672c\"]}",
				"{\"rid\":\"\u00e9\",\"method\":\"echo\",\"args\":[]}",
				"{\"rid\":2,\"method\":\"echo\",\"args\":[\"a\\nb\"]}",
				"{\"rid\":2,\"method\":\"echo\",\"args\":[\"a\\u0000b\"]}",
				"{\"rid\":2,\"method\":\"echo\",\"args\":[\"\\ud800\"]}",
				"{\"rid\":2,\"method\":\"echo\",\"args\":[\"a\tb\"]}",
				"{\"rid\":2,\"method\":\"echo\",\"args\":[\"a\u007fb\"]}",
				"{\"rid\":2,\"method\":\"e\\\"cho\",\"args\":[]}", "{\"rid\":2,\"method\":\"echo\",\"args\":[\"\\x\"]}",
				"{\"rid\":2,\"method\":\"echo\",\"args\":[\"unclosed]}",
				"{\"rid\":2,\"method\":\"echo\",\"args\":[tru]}", "{\"rid\":2,\"method\":\"echo\",\"args\":[truex]}",
				"{\"rid\":2,\"method\":\"echo\",\"args\":[nul]}",
				"{\"rid\":2,\"method\":\"echo\",\"args\":[true,false,null]}",
				"{\"rid\":2,\"method\":\"e\",\"args\":[[],{},[[]],{\"a\":[]}]}",
				"{\"rid\":1,\"method\":\"add\",\"args\":[1,2],\"extra\":true}",
				"{\"rid\":1,\"method\":\"add\",\"action\":\"ping\"}", "{\"action\":\"ping\"}",
				"{\"action\":\"register\",\"methods\":[\"add\"],\"protocol\":1,\"features\":[\"ping\",\"meta\"]}",
				"{\"success\":true,\"rid\":1,\"data\":15}",
				"{\"success\":false,\"rid\":2,\"error\":\"boom\",\"code\":\"SERVICE_ERROR\"}",
				"{\"success\":true,\"rid\":\"r1\",\"data\":{\"a\":[1,2]}}",
				"{\"rid\":1,\"method\":\"add\",\"meta\":{\"traceparent\":\"00-ab-cd-01\",\"tracestate\":\"x=1\"}}",
				"{\"rid\":1,\"method\":\"add\",\"meta\":{}}", "{\"rid\":1,\"method\":\"add\",\"meta\":[\"a\"]}",
				"{\"rid\":2,\"method\":\"add\",\"meta\":null}", "{\"meta\":{\"a\":1},\"rid\":3,\"method\":\"add\"}",
				"{\"rid\":4,\"method\":\"add\",\"meta\":{\"o\":{\"x\":\"y\"}}}",
				"{\"rid\":1,\"method\":\"add\",\"meta\":{},\"meta\":{}}",
				"{\"rid\":1,\"method\":\"add\",\"meta\":{\"a\":\"1\",\"a\":\"2\"}}",
				"{\"rid\":1,\"method\":\"add\",\"meta\":{\"a\":\"\\\"1\\\"\"}}",
				"{\"rid\":1,\"method\":\"add\",\"meta\":{\"\u00e9\":\"\u20ac\"}}",
				"{\"rid\":1,\"method\":\"inspect\",\"args\":[" + arrays + "]}",
				"{\"rid\":1,\"method\":\"inspect\",\"args\":[" + objects + "]}",
				"{\"rid\":1,\"method\":\"inspect\",\"args\":" + arrays + "}",
				"{\"rid\":1,\"method\":\"inspect\",\"args\":[" + "[".repeat(600) + "]".repeat(600) + "]}",
				"{\"rid\":1,\"method\":\"inspect\",\"args\":[" + "[".repeat(600) + "]}", "[".repeat(1000),
				"{\"rid\":1,\"method\":\"inspect\",\"args\":[{" + key + ":1}]}",
				"{" + key + ":1,\"rid\":1,\"method\":\"add\"}",
				"{\"rid\":1,\"method\":\"inspect\",\"args\":[{" + "\"k\":1,".repeat(40) + "\"k\":2}]}"));
		lines.add(meta(16, 10));
		lines.add(meta(17, 10));
		lines.add(meta(2, 2040));
		lines.add(meta(2, 2050));
		lines.add("{\"rid\":1,\"method\":\"inspect\",\"args\":[{" + keys(32) + "}]}");
		lines.add("{\"rid\":1,\"method\":\"inspect\",\"args\":[{" + keys(33) + "}]}");
		lines.add("{\"rid\":1,\"method\":\"inspect\",\"args\":[{" + keys(100) + ",\"k5\":0}]}");
		for (int n = 0; n <= 20; n++) {
			lines
				.add("{\"rid\":1,\"method\":\"add\",\"args\":[" + String.join(",", Collections.nCopies(n, "7")) + "]}");
		}
		return lines.stream();
	}

	private static String meta(int entries, int valueLength) {
		StringBuilder body = new StringBuilder();
		for (int i = 0; i < entries; i++) {
			body.append((i > 0) ? "," : "")
				.append("\"k")
				.append(i)
				.append("\":\"")
				.append("v".repeat(valueLength))
				.append('"');
		}
		return "{\"rid\":1,\"method\":\"add\",\"meta\":{" + body + "}}";
	}

	private static String keys(int count) {
		StringBuilder body = new StringBuilder();
		for (int i = 0; i < count; i++) {
			body.append((i > 0) ? "," : "").append("\"k").append(i).append("\":").append(i);
		}
		return body.toString();
	}

	@ParameterizedTest
	@MethodSource("corpus")
	void corpusLineDecodesAsTheParserReadsIt(String line) {
		assertSameAsParser(line.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void generatedLinesDecodeAsTheParserReadsThem() {
		int scanned = 0;
		for (int i = 0; i < GENERATED; i++) {
			long seed = SEED + i;
			byte[] line = new LineGenerator(new SplittableRandom(seed)).line();
			try {
				if (assertSameAsParser(line)) {
					scanned++;
				}
			}
			catch (AssertionError ex) {
				throw new AssertionError("seed " + seed + ", line " + new String(line, StandardCharsets.UTF_8), ex);
			}
		}
		// the generator draws both kinds often enough for the comparison to mean
		// something either way
		assertThat(scanned).isBetween(GENERATED / 5, GENERATED * 4 / 5);
	}

	@ParameterizedTest
	@MethodSource("commonRequests")
	void commonRequestIsReadWithoutTheParser(String line) {
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		assertThat(RequestScanner.scan(bytes, 0, bytes.length, new MethodNames())).isNotNull();
		assertSameAsParser(bytes);
	}

	static Stream<String> commonRequests() {
		return Stream.of("{\"rid\":1,\"method\":\"add\",\"args\":[1,2,3,4,5]}",
				"{\"rid\":\"a-1\",\"method\":\"calc.add\",\"args\":[\"x\",1.5,true,null,[1,[2]],{\"a\":{\"b\":[]}}]}",
				"{\"method\":\"notify\",\"args\":[]}", "{\"rid\": 7, \"method\": \"add\", \"args\": [1, 2]}",
				"{\"rid\":-12,\"method\":\"\u00e9cho\",\"args\":[\"\u65e5\u672c\ud83d\ude00\"]}",
				"{\"rid\":3,\"method\":\"add\",\"args\":[2,3],\"meta\":{\"traceparent\":\"00-a-b-01\",\"k\":\"v\"}}",
				"{\"rid\":3,\"method\":\"time\",\"args\":null}", "{\"rid\":3,\"method\":\"time\"}");
	}

	@Test
	void lineInsideATightReadConstraintIsLeftToTheParser() {
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxStringLength(5).build())
			.build();
		WireCodec tight = WireCodec.of(JsonMapper.builder(factory).build());
		byte[] line = "{\"rid\":1,\"method\":\"add\",\"args\":[\"longer than five\"]}".getBytes(StandardCharsets.UTF_8);

		assertThat(tight.scans(line.length)).isFalse();
		assertThatExceptionOfType(WireFormatException.class).isThrownBy(() -> tight.decode(line, 0, line.length))
			.withMessageContaining("String value length");
	}

	@Test
	void tightNestingLimitLeavesLinesToTheParser() {
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(5).build())
			.build();
		WireCodec tight = WireCodec.of(JsonMapper.builder(factory).build());
		byte[] line = "{\"rid\":1,\"method\":\"add\",\"args\":[[[[[1]]]]]}".getBytes(StandardCharsets.UTF_8);

		assertThat(tight.scans(line.length)).isFalse();
		assertThatExceptionOfType(WireFormatException.class).isThrownBy(() -> tight.decode(line, 0, line.length))
			.withMessageContaining("nesting depth");
	}

	@Test
	void lineWithinTheDefaultConstraintsIsScanned() {
		assertThat(this.codec.scans(50_000)).isTrue();
		assertThat(this.codec.scans(50_001)).isFalse();
	}

	/**
	 * Decodes the line at an offset inside a larger array, the way a heap buffer holds
	 * it, with the codec and with the parser alone, and checks that the scanner either
	 * leaves it or reads it to the parser's message.
	 * @return whether the scanner read it
	 */
	private boolean assertSameAsParser(byte[] line) {
		byte[] buffer = new byte[line.length + 6];
		buffer[0] = '[';
		buffer[1] = '"';
		buffer[2] = '{';
		System.arraycopy(line, 0, buffer, 3, line.length);
		buffer[buffer.length - 3] = '}';
		buffer[buffer.length - 2] = '"';
		buffer[buffer.length - 1] = ']';
		Object expected = outcome(() -> {
			String notUtf8 = StrictUtf8.problem(buffer, 3, line.length);
			if (notUtf8 != null) {
				throw new WireFormatException(notUtf8, null);
			}
			return this.codec.parse(buffer, 3, line.length);
		});
		assertThat(outcome(() -> this.codec.decode(buffer, 3, line.length))).isEqualTo(expected);
		if (StrictUtf8.problem(line, 0, line.length) != null) {
			return false;
		}
		WireMessage scanned = RequestScanner.scan(buffer, 3, line.length, new MethodNames());
		if (scanned == null) {
			return false;
		}
		assertThat(outcome(() -> scanned)).isEqualTo(expected);
		return true;
	}

	/** The message as comparable values ({@link RawJson} has no equals), or the error. */
	private static Object outcome(Supplier<WireMessage> decode) {
		try {
			WireMessage message = decode.get();
			if (message instanceof WireMessage.Request request) {
				return new Request(request.rid(), (request.rid() != null) ? request.rid().getClass() : null,
						request.method(), raw(request.args()), List.copyOf(request.meta().entrySet()));
			}
			if (message instanceof WireMessage.Answer answer) {
				return new Answer(answer.rid(), answer.success(), raw(answer.data()), answer.error(), answer.code());
			}
			return message;
		}
		catch (WireFormatException ex) {
			return "WireFormatException: " + ex.getMessage();
		}
		catch (RuntimeException ex) {
			return fail("the decoder threw " + ex, ex);
		}
	}

	private static Raw raw(RawJson value) {
		if (value == null) {
			return null;
		}
		List<Object> scalars = new ArrayList<>();
		if (value.hasScalars()) {
			int count = value.isArray() ? value.size() : 1;
			for (int i = 0; i < count; i++) {
				Object scalar = value.scalar(i);
				scalars.add((scalar == ScalarValues.JSON_NULL) ? "<json null>"
						: (scalar == ScalarValues.COMPLEX) ? "<complex>" : scalar);
			}
		}
		return new Raw(value.toString(), value.isArray(), value.size(), value.hasScalars(), scalars);
	}

	record Raw(String text, boolean array, int size, boolean hasScalars, List<Object> scalars) {
	}

	record Request(Object rid, Class<?> ridType, String method, Raw args, List<Map.Entry<String, String>> meta) {
	}

	record Answer(Object rid, boolean success, Raw data, String error, String code) {
	}

}
