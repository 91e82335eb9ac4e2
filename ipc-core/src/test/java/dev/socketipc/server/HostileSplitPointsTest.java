package dev.socketipc.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import dev.socketipc.testsupport.LineClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, check 5: a stream of requests cut at random byte positions into random-size
 * chunks, fed in random batches of reads, gets exactly the answers and calls the same
 * lines fed whole get, and the ones the requests ask for.
 *
 * <p>
 * A randomized property: {@value #TRIES} tries, each drawing its inputs from its own seed
 * (see {@link RandomTries}).
 */
class HostileSplitPointsTest {

	private static final int MAX_LINE = 64 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Code points of every UTF-8 length: 1, 2, 3 and 4 bytes, plus characters JSON must
	 * escape.
	 */
	private static final int[] CODE_POINTS = { 'a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\r', '\t', 0x01, 0x7F, 0xE9,
			0x3B1, 0x5D0, 0x2028, 0x2029, 0x20AC, 0x4E16, 0xFEFF, 0xFFFD, 0x1F600, 0x10348, 0x10FFFF };

	private static final int TRIES = 200;

	static LongStream seeds() {
		return RandomTries.seeds(TRIES);
	}

	@ParameterizedTest(name = "[{index}] seed {0}")
	@MethodSource("seeds")
	void requestsCutAtRandomPointsGetTheSameAnswersAndCallsAsWholeLines(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		List<Request> requests = requests(random);
		List<Integer> chunkSizes = ints(random, 1, 40, 1, 97);
		List<Integer> batchSizes = ints(random, 1, 10, 1, 6);

		RandomTries.check(seed,
				() -> "requests " + requests + ", chunk sizes " + chunkSizes + ", batch sizes " + batchSizes, () -> {
					byte[] stream = stream(requests);

					Outcome whole = feedWhole(requests);
					Outcome split = feedSplit(stream, chunkSizes, batchSizes);

					assertThat(split.calls).as("calls, in order").containsExactlyElementsOf(whole.calls);
					assertThat(split.answers).as("answer lines, in order").containsExactlyElementsOf(whole.answers);
					assertThat(answersByRid(split.answers)).as("rid -> data").isEqualTo(expectedAnswers(requests));
					assertThat(split.calls).as("calls asked for").containsExactlyElementsOf(expectedCalls(requests));
				});
	}

	private static Outcome feedWhole(List<Request> requests) {
		SplitService service = new SplitService();
		try (HostilePipeline pipeline = HostilePipeline.open(MAX_LINE, service)) {
			List<String> answers = new ArrayList<>();
			for (Request request : requests) {
				answers.addAll(pipeline.feedText(request.line + "\n"));
			}
			assertThat(pipeline.isOpen()).isTrue();
			return new Outcome(service.calls, answers);
		}
	}

	private static Outcome feedSplit(byte[] stream, List<Integer> chunkSizes, List<Integer> batchSizes) {
		SplitService service = new SplitService();
		try (HostilePipeline pipeline = HostilePipeline.open(MAX_LINE, service)) {
			List<String> answers = new ArrayList<>();
			List<byte[]> batch = new ArrayList<>();
			int position = 0;
			int chunk = 0;
			int batchIndex = 0;
			while (position < stream.length) {
				int size = Math.min(chunkSizes.get(chunk++ % chunkSizes.size()), stream.length - position);
				batch.add(Arrays.copyOfRange(stream, position, position + size));
				position += size;
				if (batch.size() == batchSizes.get(batchIndex % batchSizes.size()) || position == stream.length) {
					answers.addAll(HostilePipeline.text(pipeline.feed(batch.toArray(byte[][]::new))));
					batch.clear();
					batchIndex++;
				}
			}
			assertThat(pipeline.isOpen()).isTrue();
			return new Outcome(service.calls, answers);
		}
	}

	private static byte[] stream(List<Request> requests) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (Request request : requests) {
			out.writeBytes((request.line + (request.crlf ? "\r\n" : "\n")).getBytes(StandardCharsets.UTF_8));
		}
		return out.toByteArray();
	}

	private static Map<JsonNode, JsonNode> answersByRid(List<String> answers) {
		Map<JsonNode, JsonNode> byRid = new LinkedHashMap<>();
		for (String answer : answers) {
			assertThat(answer).endsWith("\n").hasLineCount(1);
			JsonNode node = JSON.readTree(answer);
			assertThat(node.get("success").booleanValue()).as(answer).isTrue();
			JsonNode previous = byRid.put(node.get("rid"), node.get("data"));
			assertThat(previous).as("a second answer for rid %s", node.get("rid")).isNull();
		}
		return byRid;
	}

	/**
	 * What the requests ask for, each value read back from its own JSON so that number
	 * nodes compare equal.
	 */
	private static Map<JsonNode, JsonNode> expectedAnswers(List<Request> requests) {
		Map<JsonNode, JsonNode> expected = new LinkedHashMap<>();
		for (Request request : requests) {
			if (request.rid != null) {
				expected.put(JSON.readTree(JSON.writeValueAsString(request.rid)),
						JSON.readTree(JSON.writeValueAsString(request.expectedData())));
			}
		}
		return expected;
	}

	private static List<String> expectedCalls(List<Request> requests) {
		return requests.stream().map(Request::expectedCall).toList();
	}

	/**
	 * 1 to 25 requests, each an {@code add} of up to 12 numbers or an {@code echo} of a
	 * text, with a rid (a long that JSON numbers keep exact, or a text) or none (15%),
	 * ended by {@code \n} or {@code \r\n}; no two with the same rid, no two identical
	 * notifications.
	 */
	private static List<Request> requests(SplittableRandom random) {
		int size = RandomTries.size(random, 1, 25);
		List<Request> requests = new ArrayList<>(size);
		Set<Object> keys = new HashSet<>();
		for (int attempt = 0; requests.size() < size && attempt < 100 * size; attempt++) {
			Request request = request(random);
			if (keys.add((request.rid != null) ? JSON.writeValueAsString(request.rid) : request)) {
				requests.add(request);
			}
		}
		return requests;
	}

	private static Request request(SplittableRandom random) {
		Object rid = rid(random);
		if (random.nextBoolean()) {
			List<Integer> numbers = ints(random, 0, 12, -1_000_000, 1_000_000);
			return Request.add(rid, numbers, random.nextBoolean());
		}
		return Request.echo(rid, text(random), random.nextBoolean());
	}

	private static Object rid(SplittableRandom random) {
		if (random.nextInt(100) < 15) {
			return null;
		}
		return random.nextBoolean() ? RandomTries.longBetween(random, -(1L << 53) + 1, (1L << 53) - 1) : text(random);
	}

	/** Up to 30 code points of {@link #CODE_POINTS}. */
	private static String text(SplittableRandom random) {
		int length = RandomTries.size(random, 0, 30);
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.appendCodePoint(CODE_POINTS[random.nextInt(CODE_POINTS.length)]);
		}
		return text.toString();
	}

	/** {@code minSize} to {@code maxSize} ints, each in {@code [min, max]}. */
	private static List<Integer> ints(SplittableRandom random, int minSize, int maxSize, int min, int max) {
		int size = RandomTries.size(random, minSize, maxSize);
		List<Integer> ints = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			ints.add(RandomTries.intBetween(random, min, max));
		}
		return ints;
	}

	/** One request line; {@code rid} is {@code null} for a notification. */
	record Request(Object rid, String method, List<Integer> numbers, String text, boolean crlf, String line) {

		static Request add(Object rid, List<Integer> numbers, boolean crlf) {
			return new Request(rid, "add", numbers, null, crlf, LineClient.request(rid, "add", numbers.toArray()));
		}

		static Request echo(Object rid, String text, boolean crlf) {
			return new Request(rid, "echo", null, text, crlf, LineClient.request(rid, "echo", text));
		}

		Object expectedData() {
			return "add".equals(this.method) ? this.numbers.stream().mapToInt(Integer::intValue).sum() : this.text;
		}

		String expectedCall() {
			return "add".equals(this.method) ? "add" + this.numbers : "echo:" + this.text;
		}

		@Override
		public String toString() {
			return this.line + (this.crlf ? "\\r\\n" : "\\n");
		}

	}

	record Outcome(List<String> calls, List<String> answers) {
	}

	public static final class SplitService {

		final List<String> calls = new ArrayList<>();

		public int add(int... numbers) {
			int sum = 0;
			List<Integer> list = new ArrayList<>();
			for (int number : numbers) {
				sum += number;
				list.add(number);
			}
			this.calls.add("add" + list);
			return sum;
		}

		public String echo(String text) {
			this.calls.add("echo:" + text);
			return text;
		}

	}

}
