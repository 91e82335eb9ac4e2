package dev.socketipc.server;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.socketipc.testsupport.NodeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, check 9: {@code rid} edge cases. Numbers and strings come back exactly as sent
 * (2^53-1 included, checked with a real Node.js client whose {@code JSON.parse} reads
 * them back); objects, arrays, booleans and {@code null} are INVALID_REQUEST; two JSON
 * values on one line are a PARSE_ERROR; nothing of these runs the method.
 */
class HostileRidTest {

	/** Sent by the node client, in this order; the i-th is sent with {@code add(i)}. */
	private static final String NODE_CLIENT = """
			'use strict';
			const net = require('net');
			const rids = [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0, 1.5, 2 ** 31, 'req-1', '42', '',
				'9007199254740993', '\\u03b1\\ud83d\\ude00\\u2028\\n"\\\\'];
			const ascii = (text) => text.replace(/[\\u007f-\\uffff]/g,
				(c) => '\\\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
			const socket = net.createConnection(process.argv[1]);
			const timer = setTimeout(() => { console.error('timed out'); process.exit(1); }, 10000);
			let pending = Buffer.alloc(0);
			let answered = 0;
			socket.on('error', (error) => { console.error(String(error)); process.exit(1); });
			socket.on('data', (chunk) => {
				pending = Buffer.concat([pending, chunk]);
				let end;
				while ((end = pending.indexOf(0x0a)) >= 0) {
					const message = JSON.parse(pending.subarray(0, end).toString('utf8'));
					pending = pending.subarray(end + 1);
					if (message.action === 'register') {
						rids.forEach((rid, i) => socket.write(
							JSON.stringify({ rid, method: 'add', args: [i] }) + '\\n'));
						continue;
					}
					const sent = rids[message.data];
					console.log(JSON.stringify({ index: message.data, type: typeof message.rid,
						same: Object.is(message.rid, sent), rid: ascii(JSON.stringify(message.rid)) }));
					if (++answered === rids.length) {
						clearTimeout(timer);
						socket.end();
					}
				}
			});
			""";

	private final RidService service = new RidService();

	private HostilePipeline pipeline;

	@BeforeEach
	void openPipeline() {
		this.pipeline = HostilePipeline.open(64 * 1024, this.service);
	}

	@AfterEach
	void closePipeline() {
		this.pipeline.close();
	}

	@Test
	void largestSafeIntegerAndStringRidsRoundTripExactlyThroughNodeJsonParse() throws IOException {
		NodeProcess node = NodeProcess.require();
		NodeProcess.Result result;
		try (HostileUnixServer server = HostileUnixServer.start(64 * 1024, this.service)) {
			result = node.runScript(Duration.ofSeconds(30), NODE_CLIENT, server.path().toString());
		}

		assertThat(result.exitCode()).as(result.describe()).isZero();
		List<JsonNode> answers = result.stdoutLines().stream().map(JsonMapper.shared()::readTree).toList();
		assertThat(answers).as(result.describe()).hasSize(10);
		for (JsonNode answer : answers) {
			assertThat(answer.get("same").booleanValue()).as("rid %s read back by node", answer).isTrue();
		}
		assertThat(answers).as(result.describe())
			.anySatisfy((answer) -> assertThat(answer.toString())
				.isEqualTo("{\"index\":0,\"type\":\"number\",\"same\":true,\"rid\":\"9007199254740991\"}"))
			.anySatisfy((answer) -> assertThat(answer.toString())
				.isEqualTo("{\"index\":1,\"type\":\"number\",\"same\":true,\"rid\":\"-9007199254740991\"}"))
			.anySatisfy((answer) -> assertThat(answer.toString())
				.isEqualTo("{\"index\":5,\"type\":\"string\",\"same\":true,\"rid\":\"\\\"req-1\\\"\"}"))
			.anySatisfy((answer) -> assertThat(answer.toString())
				.isEqualTo("{\"index\":6,\"type\":\"string\",\"same\":true,\"rid\":\"\\\"42\\\"\"}"))
			.anySatisfy((answer) -> assertThat(answer.toString())
				.isEqualTo("{\"index\":8,\"type\":\"string\",\"same\":true,\"rid\":\"\\\"9007199254740993\\\"\"}"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "9007199254740991", "-9007199254740991", "9007199254740992",
			"9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
			"18446744073709551616", "123456789012345678901234567890123456789012345678901234567890" })
	void integerRidIsEchoedDigitForDigit(String rid) {
		assertThat(this.pipeline.send("{\"rid\":" + rid + ",\"method\":\"add\",\"args\":[3]}"))
			.containsExactly("{\"success\":true,\"rid\":" + rid + ",\"data\":3}\n");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1.5", "-0.25", "1e3", "1.0", "3.141592653589793238462643383279", "1E-7" })
	void decimalRidIsEchoedWithTheSameValue(String rid) {
		List<String> answers = this.pipeline.send("{\"rid\":" + rid + ",\"method\":\"add\",\"args\":[3]}");

		assertThat(answers).singleElement()
			.asString()
			.startsWith("{\"success\":true,\"rid\":")
			.endsWith(",\"data\":3}\n");
		String echoed = answers.get(0)
			.substring("{\"success\":true,\"rid\":".length(), answers.get(0).length() - ",\"data\":3}\n".length());
		assertThat(new BigDecimal(echoed)).isEqualByComparingTo(new BigDecimal(rid));
	}

	@ParameterizedTest
	@ValueSource(strings = { "-0", "-0.0", "0.0", "1e3", "1E3", "1E+3", "1.50", "-0e-0", "12345678901234567890.10",
			"1e999999999" })
	void numericRidIsEchoedExactlyAsSent(String rid) {
		assertThat(this.pipeline.send("{\"rid\":" + rid + ",\"method\":\"add\",\"args\":[3]}"))
			.containsExactly("{\"success\":true,\"rid\":" + rid + ",\"data\":3}\n");
		assertThat(this.pipeline.send("{\"rid\":" + rid + ",\"method\":\"nope\"}")).singleElement()
			.asString()
			.startsWith("{\"success\":false,\"rid\":" + rid + ",\"error\":");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"\"", "\"req-1\"", "\"42\"", "\"9007199254740993\"", "\"α😀\\u2028\\n\\\"\\\\\"",
			"\"\\ud800\"", "\"\\u0000\"", "\"null\"", "\"{\\\"rid\\\":1}\"" })
	void stringRidIsEchoedAsTheSameString(String rid) {
		List<String> answers = this.pipeline.send("{\"rid\":" + rid + ",\"method\":\"add\",\"args\":[3]}");

		assertThat(answers).hasSize(1);
		JsonNode echoed = JsonMapper.shared().readTree(answers.get(0)).get("rid");
		assertThat(echoed.isString()).isTrue();
		assertThat(echoed.stringValue()).isEqualTo(JsonMapper.shared().readTree(rid).stringValue());
	}

	@Test
	void longStringRidIsEchoedWhole() {
		String rid = "r".repeat(50_000);

		assertThat(this.pipeline.send("{\"rid\":\"" + rid + "\",\"method\":\"add\",\"args\":[3]}"))
			.containsExactly("{\"success\":true,\"rid\":\"" + rid + "\",\"data\":3}\n");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"id\":1}", "{}", "[1]", "[]", "[\"req-1\"]", "true", "false", "null" })
	void ridThatIsAnObjectArrayBooleanOrNullIsAnInvalidRequest(String rid) {
		List<String> answers = new ArrayList<>();
		answers.addAll(this.pipeline.send("{\"rid\":" + rid + ",\"method\":\"add\",\"args\":[1,2]}"));
		answers.addAll(this.pipeline.send("{\"method\":\"add\",\"args\":[1,2],\"rid\":" + rid + "}"));

		assertThat(answers)
			.containsOnly(
					"{\"success\":false,\"error\":\"rid must be a number or a string\",\"code\":\"INVALID_REQUEST\"}\n")
			.hasSize(2);
		assertThat(this.service.calls).isZero();
		assertThat(this.pipeline.isOpen()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"rid\":1,\"method\":\"add\",\"args\":[1]} {\"rid\":2,\"method\":\"add\",\"args\":[2]}",
			"{\"rid\":1,\"method\":\"add\",\"args\":[1]}{\"rid\":2,\"method\":\"add\",\"args\":[2]}",
			"{\"rid\":1,\"method\":\"add\",\"args\":[1]}\t1", "{\"rid\":1,\"method\":\"add\",\"args\":[1]} \"x\"",
			"{\"rid\":1,\"method\":\"add\",\"args\":[1]} null", "{\"rid\":1,\"method\":\"add\",\"args\":[1]}[]",
			"{\"rid\":1,\"method\":\"add\",\"args\":[1]}\r{}", "1 2", "[1] [2]", "\"a\" \"b\"", "true false" })
	void twoJsonValuesOnOneLineAreAParseError(String line) {
		assertThat(this.pipeline.send(line)).containsExactly(
				"{\"success\":false,\"error\":\"more than one JSON value on a line\",\"code\":\"PARSE_ERROR\"}\n");
		assertThat(this.service.calls).isZero();
		assertThat(this.pipeline.isOpen()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "1e2147483648", "-1e2147483648", "1e-2147483649", "0.0e99999999999999999999" })
	void ridBeyondBigDecimalRangeIsAParseErrorAndTheConnectionStaysOpen(String rid) {
		List<String> answers = new ArrayList<>();
		answers.addAll(this.pipeline.send(
				"{\"rid\":1,\"method\":\"add\",\"args\":[1]}\n{\"rid\":" + rid + ",\"method\":\"add\",\"args\":[1]}"));
		answers.addAll(this.pipeline.send("{\"rid\":2,\"method\":\"add\",\"args\":[2]}"));

		assertThat(answers).hasSize(3);
		assertThat(answers.get(0)).isEqualTo("{\"success\":true,\"rid\":1,\"data\":1}\n");
		assertThat(answers.get(1)).startsWith("{\"success\":false,\"error\":\"number out of range: ")
			.endsWith("\"code\":\"PARSE_ERROR\"}\n");
		assertThat(answers.get(2)).isEqualTo("{\"success\":true,\"rid\":2,\"data\":2}\n");
		assertThat(this.pipeline.isOpen()).isTrue();
	}

	public static final class RidService {

		volatile int calls;

		public int add(int... numbers) {
			this.calls++;
			int sum = 0;
			for (int number : numbers) {
				sum += number;
			}
			return sum;
		}

	}

}
