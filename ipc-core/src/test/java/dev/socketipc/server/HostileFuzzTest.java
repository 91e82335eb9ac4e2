package dev.socketipc.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireFormatException;
import dev.socketipc.protocol.WireMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 5, check 6: fuzzing the decode then dispatch path of the real pipeline with
 * arbitrary bytes (newlines, invalid UTF-8, huge numbers, JSON fragments) and with valid
 * requests whose bytes were flipped, inserted or deleted.
 *
 * <p>
 * Whatever the bytes, no exception escapes the pipeline (nor an {@link Error}), the
 * connection stays open unless a line passes {@code max-line-length}, every line the
 * server writes is one JSON object ended by a single {@code \n} ({@code success:true}
 * with a {@code rid}, or {@code success:false} with a code of {@link ErrorCode}), and
 * every complete non-blank line gets exactly one answer, except a notification that ran
 * (its method is invoked instead) and an action other than {@code ping} (ignored by the
 * protocol). A line past the limit gets {@code TOO_LARGE} and the close, and nothing
 * after it is answered.
 *
 * <p>
 * Both randomized properties run {@value #TRIES} tries, each drawing its inputs from its
 * own seed (see {@link RandomTries}).
 */
class HostileFuzzTest {

	private static final int MAX_LINE = 4096;

	private static final int TRIES = 300;

	private static final JsonMapper STRICT_JSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private static final WireCodec ORACLE = WireCodec.create();

	private static final Set<String> CODES = EnumSet.allOf(ErrorCode.class)
		.stream()
		.map(Enum::name)
		.collect(Collectors.toSet());

	/** Codes of answers that come from a call that ran. */
	private static final Set<String> RAN = Set.of(ErrorCode.SERVICE_ERROR.name(), ErrorCode.INTERNAL_ERROR.name());

	private static final List<String> VALID_REQUESTS = List.of("{\"rid\":1,\"method\":\"add\",\"args\":[1,2,3]}",
			"{\"rid\":\"r-é\",\"method\":\"echo\",\"args\":[\"héllo→世界😀\"]}", "{\"method\":\"add\",\"args\":[7]}",
			"{\"rid\":2,\"method\":\"inspect\",\"args\":[{\"a\":[1,2.5,null,true,\"x\"],\"b\":{\"c\":\"\\u2028\"}}]}",
			"{\"action\":\"ping\"}", "{\"rid\":3,\"method\":\"fail\",\"args\":[\"x\"]}",
			"{\"rid\":9007199254740991,\"method\":\"echo\",\"args\":[\"\\ud83d\\ude00\\u0000\"]}",
			"{\"rid\":4.5,\"method\":\"inspect\",\"args\":[[[[[]]],-0.0,1e308]]}");

	private static final List<String> NUMBERS = List.of("0", "-0", "1e999999999", "-1E-999999999", "1e2147483648",
			"1e-2147483649", "0.0e99999999999999999999", "123456789012345678901234567890", "9007199254740993",
			"-9223372036854775809", "18446744073709551616", "1.7976931348623157e309", "4.9e-325", "01", "1.", ".5",
			"+1", "NaN", "Infinity", "-", "1e", "0x10");

	private static final List<String> TOKENS = List.of("{", "}", "[", "]", ":", ",", " ", "\t", "\r", "\n", "\"", "\\",
			"\\u", "\\ud800", "\\u0000", "\"rid\"", "\"method\"", "\"args\"", "\"action\"", "\"ping\"", "\"add\"",
			"\"echo\"", "\"inspect\"", "\"fail\"", "\"x\"", "true", "false", "null", "1", "-1", "2.5", "1e999",
			"\u2028", "é", "😀", "\uFEFF");

	/**
	 * Bytes JSON and UTF-8 decoders care about: structure, escapes, numbers, line ends,
	 * invalid UTF-8 lead bytes.
	 */
	private static final byte[] ALPHABET = { '{', '}', '[', ']', '"', ':', ',', '\\', 'u', '0', '9', 'e', '-', '.', ' ',
			'\n', '\r', 0x00, 0x7F, (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC3, (byte) 0xE2, (byte) 0xED,
			(byte) 0xF0, (byte) 0xF4, (byte) 0xF8, (byte) 0xFF };

	private static final List<String> METHODS = List.of("add", "echo", "inspect", "nope");

	static LongStream seeds() {
		return RandomTries.seeds(TRIES);
	}

	@ParameterizedTest(name = "[{index}] seed {0}")
	@MethodSource("seeds")
	void arbitraryBytesGetOneAnswerPerLineOrAClose(long seed) {
		List<byte[]> lines = hostileLines(new SplittableRandom(seed));
		RandomTries.check(seed, () -> describe(lines), () -> checkInvariants(lines));
	}

	@ParameterizedTest(name = "[{index}] seed {0}")
	@MethodSource("seeds")
	void mutatedValidRequestsGetOneAnswerPerLineOrAClose(long seed) {
		List<byte[]> lines = mutatedRequests(new SplittableRandom(seed));
		RandomTries.check(seed, () -> describe(lines), () -> checkInvariants(lines));
	}

	@Test
	void hugeAndOutOfRangeNumbersInEveryPositionGetOneAnswerEach() {
		List<byte[]> lines = new ArrayList<>();
		for (String number : NUMBERS) {
			for (String method : List.of("add", "echo", "inspect")) {
				lines.add(bytes("{\"rid\":" + number + ",\"method\":\"" + method + "\",\"args\":[" + number + "]}"));
				lines.add(bytes("{\"rid\":1,\"method\":\"" + method + "\",\"args\":[" + number + "]}"));
				lines.add(bytes("{\"method\":\"" + method + "\",\"args\":[" + number + "]}"));
			}
			lines.add(bytes("{\"rid\":" + number + ",\"action\":\"ping\",\"protocol\":" + number + "}"));
			lines.add(bytes("{\"rid\":" + number + ",\"success\":" + number + ",\"data\":" + number + ",\"error\":"
					+ number + ",\"code\":" + number + ",\"methods\":" + number + "}"));
			lines.add(bytes(number));
		}
		lines.add(bytes("{\"rid\":1,\"method\":\"add\",\"args\":[" + "9".repeat(999) + "]}"));
		lines.add(bytes("{\"rid\":" + "9".repeat(1001) + ",\"method\":\"add\",\"args\":[1]}"));
		Outcome outcome = checkInvariants(lines);
		assertThat(outcome.closed).isFalse();
	}

	private static Outcome checkInvariants(List<byte[]> lines) {
		byte[] stream = join(lines);
		FuzzService service = new FuzzService();
		List<byte[]> written;
		boolean open;
		try (HostilePipeline pipeline = HostilePipeline.open(MAX_LINE, service)) {
			try {
				written = pipeline.feed(stream);
			}
			catch (Throwable failure) {
				return fail("an exception escaped the pipeline", failure);
			}
			open = pipeline.isOpen();
		}
		Expected expected = expect(stream);
		int answersFromCalls = 0;
		for (byte[] line : written) {
			if (checkAnswer(line)) {
				answersFromCalls++;
			}
		}
		List<String> text = HostilePipeline.text(written);
		assertThat(!open).as("closed, answers %s", text).isEqualTo(expected.tooLarge);
		int answers = written.size();
		if (expected.tooLarge) {
			assertThat(text).as("the last answer").last().asString().contains("\"code\":\"TOO_LARGE\"");
			answers--;
		}
		int notificationsRun = service.invocations - answersFromCalls;
		assertThat(notificationsRun).as("notifications run, answers %s", text).isNotNegative();
		assertThat(answers + notificationsRun + expected.ignoredActions).as("lines accounted for, answers %s", text)
			.isEqualTo(expected.lines);
		return new Outcome(!open);
	}

	/**
	 * Checks one written line; returns whether it answers a call that ran (success, or
	 * the method threw).
	 */
	private static boolean checkAnswer(byte[] line) {
		String text = new String(line, StandardCharsets.UTF_8);
		assertThat(line).as("line %s", text).isNotEmpty();
		assertThat(line[line.length - 1]).as("last byte of %s", text).isEqualTo((byte) '\n');
		for (int i = 0; i < line.length - 1; i++) {
			assertThat(line[i]).as("byte %d of %s", i, text).isNotEqualTo((byte) '\n');
		}
		JsonNode answer = STRICT_JSON.readTree(line);
		assertThat(answer.isObject()).as(text).isTrue();
		if ("pong".equals(answer.path("action").asString(null))) {
			assertThat(answer.size()).as(text).isEqualTo(1);
			return false;
		}
		assertThat(answer.get("success")).as(text).isNotNull();
		assertThat(answer.get("success").isBoolean()).as(text).isTrue();
		if (answer.get("success").booleanValue()) {
			assertThat(answer.get("rid")).as("rid of %s", text).isNotNull();
			assertThat(answer.get("rid").isNumber() || answer.get("rid").isString()).as(text).isTrue();
			assertThat(answer.has("data")).as(text).isTrue();
			return true;
		}
		assertThat(answer.get("error")).as(text).isNotNull();
		assertThat(answer.get("error").isString()).as(text).isTrue();
		String code = answer.path("code").asString(null);
		assertThat(code).as(text).isIn(CODES);
		if (RAN.contains(code)) {
			assertThat(answer.get("rid")).as("rid of %s", text).isNotNull();
			return true;
		}
		return false;
	}

	/**
	 * What the framer makes of the stream: lines to answer, ignored actions, and whether
	 * one is too long.
	 */
	private static Expected expect(byte[] stream) {
		int lines = 0;
		int ignoredActions = 0;
		int start = 0;
		for (int i = 0; i < stream.length; i++) {
			if (stream[i] != '\n') {
				continue;
			}
			int end = (i > start && stream[i - 1] == '\r') ? i - 1 : i;
			byte[] frame = Arrays.copyOfRange(stream, start, end);
			start = i + 1;
			if (frame.length > MAX_LINE) {
				return new Expected(lines, ignoredActions, true);
			}
			if (isBlank(frame)) {
				continue;
			}
			lines++;
			if (isIgnoredAction(frame)) {
				ignoredActions++;
			}
		}
		return new Expected(lines, ignoredActions, false);
	}

	private static boolean isBlank(byte[] frame) {
		for (byte b : frame) {
			if (b != ' ' && b != '\t' && b != '\r') {
				return false;
			}
		}
		return true;
	}

	/**
	 * A valid message with an action other than {@code ping} and no method, which the
	 * protocol ignores.
	 */
	private static boolean isIgnoredAction(byte[] frame) {
		try {
			WireMessage message = ORACLE.decode(frame, 0, frame.length);
			return message instanceof WireMessage.Register
					|| (message instanceof WireMessage.Action action && !"ping".equals(action.name()));
		}
		catch (WireFormatException | NumberFormatException ex) {
			return false;
		}
	}

	private static byte[] join(List<byte[]> lines) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] line : lines) {
			out.writeBytes(line);
			out.write('\n');
		}
		return out.toByteArray();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * 1 to 8 lines, each (by weight) random bytes (4), bytes of {@link #ALPHABET} (4), a
	 * run of {@link #TOKENS} (4), a request full of {@link #NUMBERS} and up to 1500
	 * digits (2), a valid request (2), or a request of about {@code max-line-length}
	 * bytes (1).
	 */
	private static List<byte[]> hostileLines(SplittableRandom random) {
		int size = RandomTries.size(random, 1, 8);
		List<byte[]> lines = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			int pick = random.nextInt(17);
			if (pick < 4) {
				lines.add(rawBytes(random));
			}
			else if (pick < 8) {
				lines.add(alphabetBytes(random));
			}
			else if (pick < 12) {
				lines.add(tokens(random));
			}
			else if (pick < 14) {
				lines.add(numbers(random));
			}
			else if (pick < 16) {
				lines.add(bytes(RandomTries.oneOf(random, VALID_REQUESTS)));
			}
			else {
				lines.add(aroundTheLimit(random));
			}
		}
		return lines;
	}

	private static byte[] rawBytes(SplittableRandom random) {
		byte[] line = new byte[RandomTries.size(random, 0, 200)];
		for (int i = 0; i < line.length; i++) {
			line[i] = RandomTries.anyByte(random);
		}
		return line;
	}

	private static byte[] alphabetBytes(SplittableRandom random) {
		byte[] line = new byte[RandomTries.size(random, 0, 120)];
		for (int i = 0; i < line.length; i++) {
			line[i] = ALPHABET[random.nextInt(ALPHABET.length)];
		}
		return line;
	}

	private static byte[] tokens(SplittableRandom random) {
		int count = RandomTries.size(random, 0, 40);
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < count; i++) {
			line.append(RandomTries.oneOf(random, TOKENS));
		}
		return bytes(line.toString());
	}

	private static byte[] numbers(SplittableRandom random) {
		String number = RandomTries.oneOf(random, NUMBERS);
		StringBuilder digits = new StringBuilder();
		for (int i = RandomTries.size(random, 1, 1500); i > 0; i--) {
			digits.append((char) ('0' + random.nextInt(10)));
		}
		String method = RandomTries.oneOf(random, METHODS);
		return bytes("{\"rid\":" + number + ",\"method\":\"" + method + "\",\"args\":[" + digits + "," + number + "]}");
	}

	private static byte[] aroundTheLimit(SplittableRandom random) {
		String prefix = "{\"rid\":1,\"method\":\"echo\",\"args\":[\"";
		int length = RandomTries.intBetween(random, MAX_LINE - 2, MAX_LINE + 2);
		return bytes(prefix + "x".repeat(length - prefix.length() - 3) + "\"]}");
	}

	/**
	 * 1 to 8 lines, each a valid request changed by 1 to 6 {@link Mutation}s, one after
	 * the other.
	 */
	private static List<byte[]> mutatedRequests(SplittableRandom random) {
		int size = RandomTries.size(random, 1, 8);
		List<byte[]> lines = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			byte[] line = bytes(RandomTries.oneOf(random, VALID_REQUESTS));
			for (int mutations = RandomTries.size(random, 1, 6); mutations > 0; mutations--) {
				Mutation mutation = new Mutation(RandomTries.oneOf(random, List.of(Mutation.Kind.values())),
						RandomTries.intBetween(random, 0, 500), RandomTries.anyByte(random));
				line = mutation.apply(line);
			}
			lines.add(line);
		}
		return lines;
	}

	/**
	 * The lines as Java-escaped text, each cut after 300 bytes, for a failure message.
	 */
	private static String describe(List<byte[]> lines) {
		StringBuilder text = new StringBuilder();
		for (byte[] line : lines) {
			text.append("\n  \"");
			for (int i = 0; i < Math.min(line.length, 300); i++) {
				int b = line[i] & 0xFF;
				if (b == '"' || b == '\\') {
					text.append('\\').append((char) b);
				}
				else if (b >= 0x20 && b < 0x7F) {
					text.append((char) b);
				}
				else {
					text.append(String.format("\\x%02X", b));
				}
			}
			text.append('"');
			if (line.length > 300) {
				text.append(" ... (").append(line.length).append(" bytes)");
			}
		}
		return text.toString();
	}

	/** One byte-level change to a line. */
	record Mutation(Kind kind, int position, byte value) {

		enum Kind {

			FLIP_BIT, REPLACE, INSERT, DELETE

		}

		byte[] apply(byte[] line) {
			if (line.length == 0) {
				return new byte[] { this.value };
			}
			int at = this.position % line.length;
			byte[] result;
			switch (this.kind) {
				case FLIP_BIT -> {
					result = line.clone();
					result[at] ^= (byte) (1 << (this.value & 7));
				}
				case REPLACE -> {
					result = line.clone();
					result[at] = this.value;
				}
				case INSERT -> {
					result = new byte[line.length + 1];
					System.arraycopy(line, 0, result, 0, at);
					result[at] = this.value;
					System.arraycopy(line, at, result, at + 1, line.length - at);
				}
				default -> {
					result = new byte[line.length - 1];
					System.arraycopy(line, 0, result, 0, at);
					System.arraycopy(line, at + 1, result, at, line.length - at - 1);
				}
			}
			return result;
		}

	}

	record Expected(int lines, int ignoredActions, boolean tooLarge) {
	}

	record Outcome(boolean closed) {
	}

	public static final class FuzzService {

		int invocations;

		public int add(int... numbers) {
			this.invocations++;
			int sum = 0;
			for (int number : numbers) {
				sum += number;
			}
			return sum;
		}

		public String echo(String text) {
			this.invocations++;
			return text;
		}

		public Object inspect(Object value) {
			this.invocations++;
			return value;
		}

		public void fail(String text) {
			this.invocations++;
			throw new IllegalStateException("failed on " + text);
		}

	}

}
