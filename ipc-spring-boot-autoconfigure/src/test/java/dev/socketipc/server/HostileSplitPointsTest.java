package dev.socketipc.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, check 5: a stream of requests cut at random byte positions into random-size chunks, fed in random batches
 * of reads, gets exactly the answers and calls the same lines fed whole get, and the ones the requests ask for.
 */
class HostileSplitPointsTest {

	private static final int MAX_LINE = 64 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Code points of every UTF-8 length: 1, 2, 3 and 4 bytes, plus characters JSON must escape. */
	private static final int[] CODE_POINTS = { 'a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\r', '\t', 0x01, 0x7F, 0xE9,
			0x3B1, 0x5D0, 0x2028, 0x2029, 0x20AC, 0x4E16, 0xFEFF, 0xFFFD, 0x1F600, 0x10348, 0x10FFFF };

	@Property(tries = 200)
	void requestsCutAtRandomPointsGetTheSameAnswersAndCallsAsWholeLines(@ForAll("requests") List<Request> requests,
			@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 97) Integer> chunkSizes,
			@ForAll @Size(min = 1, max = 10) List<@IntRange(min = 1, max = 6) Integer> batchSizes) {
		byte[] stream = stream(requests);

		Outcome whole = feedWhole(requests);
		Outcome split = feedSplit(stream, chunkSizes, batchSizes);

		assertThat(split.calls).as("calls, in order").containsExactlyElementsOf(whole.calls);
		assertThat(split.answers).as("answer lines, in order").containsExactlyElementsOf(whole.answers);
		assertThat(answersByRid(split.answers)).as("rid -> data").isEqualTo(expectedAnswers(requests));
		assertThat(split.calls).as("calls asked for").containsExactlyElementsOf(expectedCalls(requests));
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

	/** What the requests ask for, each value read back from its own JSON so that number nodes compare equal. */
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

	@Provide
	Arbitrary<List<Request>> requests() {
		Arbitrary<Object> rid = Arbitraries
			.<Object>oneOf(Arbitraries.longs().between(-(1L << 53) + 1, (1L << 53) - 1), text())
			.injectNull(0.15);
		Arbitrary<Request> add = Combinators.combine(rid,
				Arbitraries.integers().between(-1_000_000, 1_000_000).list().ofMaxSize(12), Arbitraries.of(true, false))
			.as((id, numbers, crlf) -> Request.add(id, numbers, crlf));
		Arbitrary<Request> echo = Combinators.combine(rid, text(), Arbitraries.of(true, false))
			.as((id, value, crlf) -> Request.echo(id, value, crlf));
		return Arbitraries.oneOf(add, echo)
			.list()
			.ofMinSize(1)
			.ofMaxSize(25)
			.uniqueElements((request) -> (request.rid != null) ? JSON.writeValueAsString(request.rid) : request);
	}

	private static Arbitrary<String> text() {
		return Arbitraries.of(Arrays.stream(CODE_POINTS).boxed().toList())
			.list()
			.ofMaxSize(30)
			.map((codePoints) -> {
				StringBuilder text = new StringBuilder();
				codePoints.forEach(text::appendCodePoint);
				return text.toString();
			});
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
