package dev.socketipc.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.socketipc.testsupport.NodeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, check 10: whatever the strings in a result, an error message or a rid hold
 * (U+2028, U+2029, lone surrogates, every control character, DEL, {@code \n}), every line
 * the server writes holds exactly one {@code \n}, at its end, is valid UTF-8 without raw
 * control bytes, and reads back as the same UTF-16 code units, in Java and in Node.js's
 * {@code JSON.parse}.
 */
class HostileOutputFramingTest {

	/** The hostile strings; the node script builds the same list, in the same order. */
	static final List<String> STRINGS = strings();

	private static final String NODE_CLIENT = """
			'use strict';
			const net = require('net');
			const strings = ['\\u2028', '\\u2029', 'a\\u2028b\\u2029c', '\\ud800', '\\udc00', 'x\\ud800y',
				'\\udc00\\ud800', '\\ud83d\\ude00', '\\ud83da', '\\n', '\\r', '\\r\\n', 'line1\\nline2', '\\u0085',
				'\\u007f', '"\\\\/', '\\ufeff', '\\uffff', '\\ufffe', '</script>'];
			let all = '';
			for (let c = 0; c < 32; c++) {
				strings.push(String.fromCharCode(c));
				all += String.fromCharCode(c);
			}
			strings.push(all + '\\u007f\\u2028\\u2029\\ud800\\udc00\\udbff');
			const count = Number(process.argv[2]);
			if (count !== strings.length) {
				console.error('java has ' + count + ' strings, node ' + strings.length);
				process.exit(1);
			}
			const units = (s) => '[' + Array.from({ length: s.length }, (_, i) => s.charCodeAt(i).toString(16)
				.padStart(4, '0')).join(' ') + ']';
			const strict = new TextDecoder('utf-8', { fatal: true });
			const socket = net.createConnection(process.argv[1]);
			const timer = setTimeout(() => { console.error('timed out'); process.exit(1); }, 20000);
			const fail = (why) => { console.error(why); process.exit(1); };
			let pending = Buffer.alloc(0);
			let left = strings.length * 4;
			socket.on('error', (error) => fail(String(error)));
			socket.on('data', (chunk) => {
				pending = Buffer.concat([pending, chunk]);
				let end;
				while ((end = pending.indexOf(0x0a)) >= 0) {
					const bytes = pending.subarray(0, end);
					pending = pending.subarray(end + 1);
					for (const b of bytes) {
						if (b < 0x20) {
							fail('raw control byte ' + b + ' in ' + bytes.toString('hex'));
						}
					}
					const message = JSON.parse(strict.decode(bytes));
					if (message.action === 'register') {
						strings.forEach((s, i) => {
							socket.write(JSON.stringify({ rid: 't' + i, method: 'text', args: [i] }) + '\\n');
							socket.write(JSON.stringify({ rid: 'k' + i, method: 'keyed', args: [i] }) + '\\n');
							socket.write(JSON.stringify({ rid: 'f' + i, method: 'fail', args: [i] }) + '\\n');
							socket.write(JSON.stringify({ rid: 'e' + i + ':' + s, method: 'echo', args: [s] }) + '\\n');
						});
						continue;
					}
					const kind = message.rid.charAt(0);
					const index = parseInt(message.rid.slice(1), 10);
					if (kind === 't') {
						console.log('t ' + index + ' ' + units(message.data));
					}
					else if (kind === 'k') {
						const keys = Object.keys(message.data);
						console.log('k ' + index + ' ' + keys.length + ' ' + units(keys[0]) + ' '
							+ units(message.data[keys[0]]));
					}
					else if (kind === 'f') {
						console.log('f ' + index + ' ' + message.code + ' ' + units(message.error));
					}
					else {
						const s = strings[index];
						const same = message.success === true && message.rid === 'e' + index + ':' + s
							&& message.data === s;
						console.log('e ' + index + ' ' + (same ? 'same' : 'DIFFERENT ' + units(message.rid) + ' '
							+ units(String(message.data))));
					}
					if (--left === 0) {
						clearTimeout(timer);
						socket.end();
					}
				}
			});
			""";

	private final FramingService service = new FramingService();

	private HostilePipeline pipeline;

	@BeforeEach
	void openPipeline() {
		this.pipeline = HostilePipeline.open(1024 * 1024, this.service);
	}

	@AfterEach
	void closePipeline() {
		this.pipeline.close();
	}

	@Test
	void resultStringsAreWrittenOnOneLineAndReadBackAsTheSameCodeUnits() {
		for (int i = 0; i < STRINGS.size(); i++) {
			JsonNode answer = singleLine(
					this.pipeline.feed(bytes("{\"rid\":1,\"method\":\"text\",\"args\":[" + i + "]}\n")));
			assertThat(units(answer.get("data").stringValue())).as("string %d", i).isEqualTo(units(STRINGS.get(i)));
		}
	}

	@Test
	void mapKeysAndValuesAreWrittenOnOneLineAndReadBackAsTheSameCodeUnits() {
		for (int i = 0; i < STRINGS.size(); i++) {
			JsonNode answer = singleLine(
					this.pipeline.feed(bytes("{\"rid\":1,\"method\":\"keyed\",\"args\":[" + i + "]}\n")));
			Map.Entry<String, JsonNode> entry = answer.get("data").properties().iterator().next();
			assertThat(answer.get("data").size()).isEqualTo(1);
			assertThat(units(entry.getKey())).as("key %d", i).isEqualTo(units(STRINGS.get(i)));
			assertThat(units(entry.getValue().stringValue())).as("value %d", i).isEqualTo(units(STRINGS.get(i)));
		}
	}

	@Test
	void errorMessagesAreWrittenOnOneLineAndReadBackAsTheSameCodeUnits() {
		for (int i = 0; i < STRINGS.size(); i++) {
			JsonNode answer = singleLine(
					this.pipeline.feed(bytes("{\"rid\":1,\"method\":\"fail\",\"args\":[" + i + "]}\n")));
			assertThat(answer.get("code").stringValue()).isEqualTo("SERVICE_ERROR");
			assertThat(units(answer.get("error").stringValue())).as("error %d", i)
				.isEqualTo(units("failed: " + STRINGS.get(i)));
		}
	}

	@Test
	void echoedStringsAndStringRidsAreWrittenOnOneLineAndReadBackAsTheSameCodeUnits() {
		for (int i = 0; i < STRINGS.size(); i++) {
			String request = "{\"rid\":" + asciiJson("r" + STRINGS.get(i)) + ",\"method\":\"echo\",\"args\":["
					+ asciiJson(STRINGS.get(i)) + "]}\n";
			JsonNode answer = singleLine(this.pipeline.feed(bytes(request)));
			assertThat(units(answer.get("rid").stringValue())).as("rid %d", i).isEqualTo(units("r" + STRINGS.get(i)));
			assertThat(units(answer.get("data").stringValue())).as("data %d", i).isEqualTo(units(STRINGS.get(i)));
		}
	}

	@Test
	void everyStringReadsBackIdenticallyThroughNodeJsonParse() throws IOException {
		NodeProcess node = NodeProcess.require();
		NodeProcess.Result result;
		try (HostileUnixServer server = HostileUnixServer.start(1024 * 1024, this.service)) {
			result = node.runScript(Duration.ofSeconds(40), NODE_CLIENT, server.path().toString(),
					String.valueOf(STRINGS.size()));
		}

		assertThat(result.exitCode()).as(result.describe()).isZero();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < STRINGS.size(); i++) {
			String units = units(STRINGS.get(i));
			expected.add("t " + i + " " + units);
			expected.add("k " + i + " 1 " + units + " " + units);
			expected.add("f " + i + " SERVICE_ERROR " + units("failed: " + STRINGS.get(i)));
			expected.add("e " + i + " same");
		}
		assertThat(result.stdoutLines()).as(result.describe()).containsExactlyInAnyOrderElementsOf(expected);
	}

	/**
	 * Checks the raw bytes of the single line written: one {@code \n}, last; valid UTF-8;
	 * no raw control byte (JSON escapes them all, so no peer's line splitter can see a
	 * {@code \r} either); then parses it.
	 */
	private static JsonNode singleLine(List<byte[]> written) {
		assertThat(written).hasSize(1);
		byte[] line = written.get(0);
		assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
		for (int i = 0; i < line.length - 1; i++) {
			assertThat(line[i] & 0xFF).as("byte %d of %s", i, new String(line, StandardCharsets.UTF_8))
				.isGreaterThanOrEqualTo(0x20);
		}
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(line));
		}
		catch (CharacterCodingException ex) {
			throw new AssertionError("not valid UTF-8: " + new String(line, StandardCharsets.ISO_8859_1), ex);
		}
		JsonNode answer = JsonMapper.shared().readTree(new String(line, StandardCharsets.UTF_8));
		assertThat(answer.get("success")).isNotNull();
		return answer;
	}

	/** The UTF-16 code units of a string, as the node script prints them. */
	static String units(String text) {
		return text.chars().mapToObj((c) -> String.format("%04x", c)).collect(Collectors.joining(" ", "[", "]"));
	}

	/**
	 * A JSON string literal with every character outside printable ASCII escaped, lone
	 * surrogates included.
	 */
	private static String asciiJson(String text) {
		StringBuilder json = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"').toString();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static List<String> strings() {
		List<String> strings = new ArrayList<>(List.of("\u2028", "\u2029", "a\u2028b\u2029c", "\uD800", "\uDC00",
				"x\uD800y", "\uDC00\uD800", "\uD83D\uDE00", "\uD83Da", "\n", "\r", "\r\n", "line1\nline2", "\u0085",
				"\u007F", "\"\\/", "\uFEFF", "\uFFFF", "\uFFFE", "</script>"));
		StringBuilder all = new StringBuilder();
		for (char c = 0; c < 32; c++) {
			strings.add(String.valueOf(c));
			all.append(c);
		}
		strings.add(all + "\u007F\u2028\u2029\uD800\uDC00\uDBFF");
		return List.copyOf(strings);
	}

	public static final class FramingService {

		public String text(int index) {
			return STRINGS.get(index);
		}

		public Map<String, String> keyed(int index) {
			return Map.of(STRINGS.get(index), STRINGS.get(index));
		}

		public String fail(int index) {
			throw new IllegalStateException("failed: " + STRINGS.get(index));
		}

		public String echo(String text) {
			return text;
		}

	}

}
