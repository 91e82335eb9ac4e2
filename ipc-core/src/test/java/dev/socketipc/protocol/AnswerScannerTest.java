package dev.socketipc.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@link AnswerScanner} reads every line it accepts to the message the parser reads, and
 * {@link WireCodec#decode} answers every answer-like line (message or error) as the
 * parser alone does: a corpus of answers of every shape, odd and hostile ones included,
 * and generated answer lines with whitespace, key orders, escapes, numbers, nesting,
 * duplicate keys and damage.
 */
class AnswerScannerTest {

	private static final int GENERATED = 5_000;

	private static final long SEED = Long.getLong("ipc.test.seed", 20_261_130L);

	private final WireCodec codec = WireCodec.create();

	static Stream<String> corpus() {
		String arrays = "[".repeat(40) + "]".repeat(40);
		String objects = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
		List<String> lines = new ArrayList<>(List.of("{\"success\":true,\"rid\":1,\"data\":15}",
				"{\"success\":true,\"rid\":1}", "{\"success\":true,\"rid\":1,\"data\":null}",
				"{\"success\":true,\"rid\":1,\"data\":\"text\"}", "{\"success\":true,\"rid\":1,\"data\":true}",
				"{\"success\":true,\"rid\":1,\"data\":false}", "{\"success\":true,\"rid\":1,\"data\":1.5}",
				"{\"success\":true,\"rid\":1,\"data\":-0}", "{\"success\":true,\"rid\":1,\"data\":-0.0}",
				"{\"success\":true,\"rid\":1,\"data\":0e-400}", "{\"success\":true,\"rid\":1,\"data\":1e400}",
				"{\"success\":true,\"rid\":1,\"data\":1e-400}", "{\"success\":true,\"rid\":1,\"data\":3.10}",
				"{\"success\":true,\"rid\":1,\"data\":" + "9".repeat(18) + "}",
				"{\"success\":true,\"rid\":1,\"data\":" + "9".repeat(19) + "}",
				"{\"success\":true,\"rid\":1,\"data\":" + "1".repeat(1001) + "}",
				"{\"success\":true,\"rid\":1,\"data\":0." + "3".repeat(70) + "}",
				"{\"success\":true,\"rid\":1,\"data\":[]}", "{\"success\":true,\"rid\":1,\"data\":{}}",
				"{\"success\":true,\"rid\":1,\"data\":[1,\"a\",true,null,1.5,[2],{\"b\":3}]}",
				"{\"success\":true,\"rid\":1,\"data\":[" + "7,".repeat(20) + "7]}",
				"{\"success\":true,\"rid\":1,\"data\":[" + "7,".repeat(15) + "7]}",
				"{\"success\":true,\"rid\":1,\"data\":{\"name\":\"x\",\"tags\":[\"a\",\"b\"],\"n\":{\"m\":1}}}",
				"{\"success\":true,\"rid\":1,\"data\":{\"a\":1,\"a\":2}}",
				"{\"success\":true,\"rid\":1,\"data\":[{\"a\":1,\"b\":{\"a\":2,\"a\":3}}]}",
				"{\"success\":true,\"rid\":1,\"data\":" + arrays + "}",
				"{\"success\":true,\"rid\":1,\"data\":" + objects + "}",
				"{\"success\":true,\"rid\":1,\"data\":" + "[".repeat(600) + "]".repeat(600) + "}",
				"{\"success\":true,\"rid\":1,\"data\":\"a\\nb\"}", "{\"success\":true,\"rid\":1,\"data\":\"\\u0041\"}",
				"{\"success\":true,\"rid\":1,\"data\":\"\u00e9\u65e5\ud83d\ude00\"}",
				"{\"success\":true,\"rid\":1,\"data\":\"a\tb\"}", "{\"success\":true,\"rid\":1,\"data\":tru}",
				"{\"success\":true,\"rid\":1,\"data\":nulll}", "{\"success\":true,\"rid\":1,\"data\":NaN}",
				"{\"success\":true,\"rid\":1,\"data\":01}", "{\"success\":true,\"rid\":1,\"data\":.5}",
				"{\"success\":true,\"rid\":1,\"data\":[1,]}", "{\"success\":true,\"rid\":1,\"data\":[1}",
				"{\"success\":true,\"rid\":1,\"data\":}", "{\"success\":true,\"rid\":1,\"data\":15",
				"{\"success\":true,\"rid\":1,\"data\":15,}", "{\"success\":true,\"rid\":1,\"data\":15} x",
				"{\"success\":true,\"rid\":1,\"data\":15}{}", "{\"success\":true,\"rid\":1,\"data\":15}\t",
				"{\"success\":true,\"rid\":1,\"data\":15} \r", "{\"success\" : true , \"rid\" : 1 , \"data\" : 15 }",
				" {\"success\":true,\"rid\":1,\"data\":15}", "{ \"success\":true,\"rid\":1,\"data\":15}",
				"{\"rid\":1,\"success\":true,\"data\":15}", "{\"data\":15,\"rid\":1,\"success\":true}",
				"{\"success\":true,\"data\":15}", "{\"success\":true,\"rid\":\"r-1\",\"data\":15}",
				"{\"success\":true,\"rid\":\"\",\"data\":15}", "{\"success\":true,\"rid\":\"a\\\"b\",\"data\":15}",
				"{\"success\":true,\"rid\":-5,\"data\":15}", "{\"success\":true,\"rid\":0,\"data\":15}",
				"{\"success\":true,\"rid\":-0,\"data\":15}", "{\"success\":true,\"rid\":1.5,\"data\":15}",
				"{\"success\":true,\"rid\":1e3,\"data\":15}",
				"{\"success\":true,\"rid\":123456789012345678,\"data\":1}",
				"{\"success\":true,\"rid\":1234567890123456789,\"data\":1}",
				"{\"success\":true,\"rid\":9223372036854775808,\"data\":1}",
				"{\"success\":true,\"rid\":123456789012345678901234567890,\"data\":1}",
				"{\"success\":true,\"rid\":null,\"data\":1}", "{\"success\":true,\"rid\":true,\"data\":1}",
				"{\"success\":true,\"rid\":[1],\"data\":1}", "{\"success\":true,\"rid\":{\"a\":1},\"data\":1}",
				"{\"success\":true,\"rid\":01,\"data\":1}", "{\"success\":true,\"rid\":1,\"rid\":2,\"data\":1}",
				"{\"success\":true,\"success\":false,\"rid\":1}", "{\"success\":true,\"rid\":1,\"data\":1,\"data\":2}",
				"{\"success\":\"true\",\"rid\":1,\"data\":1}", "{\"success\":1,\"rid\":1,\"data\":1}",
				"{\"success\":null,\"rid\":1,\"data\":1}", "{\"success\":truex,\"rid\":1}",
				"{\"success\":true,\"rid\":1,\"data\":1,\"extra\":2}", "{\"success\":true,\"rid\":1,\"method\":\"m\"}",
				"{\"success\":true,\"rid\":1,\"action\":\"next\"}",
				"{\"success\":true,\"rid\":1,\"data\":1,\"x\":1,\"x\":1}",
				"{\"success\":false,\"rid\":2,\"error\":\"boom\",\"code\":\"SERVICE_ERROR\"}",
				"{\"success\":false,\"rid\":2,\"code\":\"SERVICE_ERROR\",\"error\":\"boom\"}",
				"{\"success\":false,\"rid\":2,\"error\":\"boom\"}", "{\"success\":false,\"rid\":2}",
				"{\"success\":false,\"error\":\"malformed JSON\",\"code\":\"PARSE_ERROR\"}",
				"{\"success\":false,\"rid\":2,\"error\":\"a \\\"quoted\\\" word\",\"code\":\"X\"}",
				"{\"success\":false,\"rid\":2,\"error\":\"caf\u00e9 \u20ac\",\"code\":\"X\"}",
				"{\"success\":false,\"rid\":2,\"error\":null,\"code\":null}",
				"{\"success\":false,\"rid\":2,\"error\":42,\"code\":7}",
				"{\"success\":false,\"rid\":2,\"error\":{\"message\":\"m\"},\"code\":\"X\"}",
				"{\"success\":false,\"rid\":2,\"error\":[\"a\"],\"code\":[\"X\"]}",
				"{\"success\":false,\"rid\":2,\"error\":\"e\",\"error\":\"f\"}",
				"{\"success\":false,\"rid\":2,\"error\":\"e\",\"code\":\"c\",\"code\":\"d\"}",
				"{\"success\":false,\"rid\":2,\"error\":\"unclosed}", "{\"success\":false,\"rid\":2,\"error\":\"\"}",
				"{\"success\":false,\"rid\":2,\"data\":[1],\"error\":\"e\",\"code\":\"c\"}",
				"{\"success\":true,\"rid\":3,\"data\":{\"a\":[1,2]}}", "{\"success\"}", "{\"success\":}",
				"{\"success\":true", "{\"success\":true,}", "{\"success\":true}", "{\"su\":true}",
				"{\"sux\":true,\"rid\":1,\"data\":1}", "{\"success\\u0000\":true}",
				"{\"rid\":1,\"method\":\"add\",\"args\":[1,2,3,4,5]}", "{\"action\":\"next\",\"rid\":1,\"data\":2}",
				"{\"action\":\"register\",\"methods\":[\"add\"]}", "[]", "1", "", "{}"));
		return lines.stream();
	}

	@ParameterizedTest
	@MethodSource("corpus")
	void corpusLineDecodesAsTheParserReadsIt(String line) {
		assertSameAsParser(line.getBytes(StandardCharsets.UTF_8));
	}

	@ParameterizedTest
	@MethodSource("commonAnswers")
	void commonAnswerIsReadWithoutTheParser(String line) {
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		assertThat(AnswerScanner.scan(bytes, 0, bytes.length)).isNotNull();
		assertSameAsParser(bytes);
	}

	static Stream<String> commonAnswers() {
		return Stream.of("{\"success\":true,\"rid\":1,\"data\":15}", "{\"success\":true,\"rid\":\"r1\",\"data\":\"x\"}",
				"{\"success\":true,\"rid\":7,\"data\":[1,2.5,\"a\",null,[3],{\"b\":[]}]}",
				"{\"success\":true,\"rid\":7,\"data\":{\"id\":1,\"name\":\"\u00e9\",\"tags\":[\"a\"]}}",
				"{\"success\":true,\"rid\":7}", "{\"success\": true, \"rid\": 7, \"data\": null}",
				"{\"success\":false,\"rid\":9,\"error\":\"boom\",\"code\":\"SERVICE_ERROR\"}",
				"{\"success\":false,\"error\":\"malformed JSON\",\"code\":\"PARSE_ERROR\"}");
	}

	@Test
	void generatedAnswersDecodeAsTheParserReadsThem() {
		int scanned = 0;
		for (int i = 0; i < GENERATED; i++) {
			long seed = SEED + i;
			byte[] line = generate(new SplittableRandom(seed)).getBytes(StandardCharsets.UTF_8);
			try {
				if (assertSameAsParser(line)) {
					scanned++;
				}
			}
			catch (AssertionError ex) {
				throw new AssertionError("seed " + seed + ", line " + new String(line, StandardCharsets.UTF_8), ex);
			}
		}
		assertThat(scanned).isBetween(GENERATED / 10, GENERATED * 9 / 10);
	}

	private static final String[] KEYS = { "success", "rid", "data", "error", "code", "success", "rid", "data", "x",
			"method", "action", "su\\u0063cess" };

	private static final String[] VALUES = { "true", "false", "1", "-1", "0", "-0", "42", "999999999999999999",
			"9999999999999999999", "1.5", "1e3", "0.0", "1e400", "\"r\"", "\"\"", "\"a\\nb\"", "\"\u00e9\"", "null",
			"[]", "{}", "[1,2,3]", "[\"a\",[1],{\"b\":2}]", "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":[1,{\"c\":null}]}}",
			"tru", "01", "[1,]", "\"open", "{\"a\"}", "[" + "9,".repeat(17) + "9]" };

	private static final String[] SPACES = { "", "", "", "", " ", "\t", "\r\n", "\u00a0" };

	/**
	 * An answer-like line: most start with {@code success}, keys and values drawn from
	 * what answers and broken answers hold, sometimes cut or with a byte changed.
	 */
	private static String generate(SplittableRandom random) {
		StringBuilder line = new StringBuilder("{");
		int keys = random.nextInt(5);
		boolean first = true;
		if (random.nextInt(10) < 8) {
			line.append("\"success\":").append(random.nextBoolean() ? "true" : "false");
			first = false;
		}
		for (int i = 0; i < keys; i++) {
			line.append(first ? "" : ",").append(pick(random, SPACES));
			line.append('"').append(pick(random, KEYS)).append('"').append(pick(random, SPACES)).append(':');
			line.append(pick(random, SPACES)).append(pick(random, VALUES)).append(pick(random, SPACES));
			first = false;
		}
		line.append('}');
		if (random.nextInt(10) == 0) {
			int at = random.nextInt(line.length());
			line.setCharAt(at, "{}[],:\" 1a".charAt(random.nextInt(10)));
		}
		if (random.nextInt(20) == 0) {
			line.setLength(random.nextInt(line.length()));
		}
		return line.toString();
	}

	private static String pick(SplittableRandom random, String[] choices) {
		return choices[random.nextInt(choices.length)];
	}

	/**
	 * Decodes the line at an offset inside a larger array with the codec and with the
	 * parser alone, and checks that the scanner either leaves it or reads it to the
	 * parser's message.
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
		WireMessage scanned = AnswerScanner.scan(buffer, 3, line.length);
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
			if (message instanceof WireMessage.Answer answer) {
				return new Answer(answer.rid(), (answer.rid() != null) ? answer.rid().getClass() : null,
						answer.success(), raw(answer.data()), answer.error(), answer.code());
			}
			if (message instanceof WireMessage.Request request) {
				return Arrays.asList(request.rid(), request.method(), raw(request.args()));
			}
			if (message instanceof WireMessage.Next next) {
				return Arrays.asList(next.rid(), raw(next.data()));
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

	record Answer(Object rid, Class<?> ridType, boolean success, Raw data, String error, String code) {
	}

}
