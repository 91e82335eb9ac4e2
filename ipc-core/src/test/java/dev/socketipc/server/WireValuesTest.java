package dev.socketipc.server;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcException;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What values reach Java and the wire over real Unix and TCP sockets: decimals exact both
 * ways, no lossy coercion by default (issue 8.1, 8.12), any argument deserializer failure
 * is that call's INVALID_ARGUMENTS (8.4), and lines with duplicate keys (8.11) or that
 * are not strict UTF-8 (8.10) are PARSE_ERRORs that run nothing.
 */
class WireValuesTest {

	private static final String EXACT = "12345678901234567.891";

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final ValuesService service = new ValuesService();

	private IpcServer server;

	private LineClient client;

	private IpcConnection connection;

	private Path dir;

	@AfterEach
	void stop() throws IOException {
		if (this.connection != null) {
			this.connection.close();
		}
		if (this.client != null) {
			this.client.close();
		}
		if (this.server != null) {
			this.server.stop();
		}
		this.executor.shutdownNow();
		if (this.dir != null) {
			Files.deleteIfExists(this.dir.resolve("s.sock"));
			Files.deleteIfExists(this.dir);
		}
	}

	private void start(String transport, WireCodec codec) throws IOException {
		IpcAddress address;
		if (transport.equals("unix")) {
			this.dir = SocketPaths.newSocketDirectory();
			address = new IpcAddress.Unix(this.dir.resolve("s.sock"));
		}
		else {
			address = IpcAddress.parse("tcp://127.0.0.1:0");
		}
		this.server = IpcServer.builder()
			.address(address)
			.service(ServiceDefinition.of("", this.service))
			.codec(codec)
			.executor(this.executor)
			.build();
		this.server.start();
		this.client = LineClient.connectAndSkipRegister(this.server.address().socketAddress());
	}

	private void start(String transport) throws IOException {
		start(transport, WireCodec.create());
	}

	private String call(String line) {
		this.client.send(line);
		return this.client.readLine();
	}

	private Values proxy() {
		this.connection = IpcConnection.builder(this.server.address()).build();
		return IpcClientFactory.create(Values.class, this.connection, ClientOptions.defaults());
	}

	// --- 8.1: decimals ---

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void decimalsReachABigDecimalParameterAndComeBackOnTheWireDigitForDigit(String transport) throws IOException {
		start(transport);

		assertThat(call("{\"rid\":1,\"method\":\"decimal\",\"args\":[3.10]}"))
			.isEqualTo("{\"success\":true,\"rid\":1,\"data\":3.10}");
		assertThat(call("{\"rid\":2,\"method\":\"decimal\",\"args\":[" + EXACT + "]}"))
			.isEqualTo("{\"success\":true,\"rid\":2,\"data\":" + EXACT + "}");
		assertThat(call("{\"rid\":3,\"method\":\"decimals\",\"args\":[{\"a\":[1.000,2E+5]}]}"))
			.isEqualTo("{\"success\":true,\"rid\":3,\"data\":{\"a\":[1.000,2E+5]}}");
		assertThat(this.service.decimals).containsExactly(new BigDecimal("3.10"), new BigDecimal(EXACT),
				new BigDecimal("1.000"), new BigDecimal("2E+5"));
		assertThat(this.service.decimals.get(0).scale()).isEqualTo(2);
		assertThat(call("{\"rid\":4,\"method\":\"half\",\"args\":[0.1]}"))
			.isEqualTo("{\"success\":true,\"rid\":4,\"data\":0.05}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void clientArgumentsAndResultsKeepDecimalsExact(String transport) throws Exception {
		start(transport);
		Values values = proxy();

		BigDecimal answer = values.decimal(new BigDecimal(EXACT));
		BigDecimal scaled = values.decimalAsync(new BigDecimal("3.10")).get(10, TimeUnit.SECONDS);

		assertThat(answer).isEqualTo(new BigDecimal(EXACT));
		assertThat(answer.scale()).isEqualTo(3);
		assertThat(scaled).isEqualTo(new BigDecimal("3.10"));
		assertThat(scaled.scale()).isEqualTo(2);
		assertThat(this.service.decimals).containsExactly(new BigDecimal(EXACT), new BigDecimal("3.10"));
		assertThat(values.half(0.1)).isEqualTo(0.05);
	}

	// --- 8.12: no lossy coercion ---

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void lossyArgumentsAreInvalidArgumentsNamingTheMethodAndTheArgument(String transport) throws IOException {
		start(transport);

		assertInvalid("integer", "1.9", "argument 1 'value' of method 'integer': cannot convert 1.9 to int",
				"Floating-point value (1.9)");
		assertInvalid("integer", "\"5\"", "argument 1 'value' of method 'integer': cannot convert \"5\" to int",
				"String value (\"5\")");
		assertThat(call("{\"rid\":6,\"method\":\"integer\",\"args\":[1.9]}"))
			.contains("(strict conversion: ipc.codec.lenient-coercion=true accepts it)")
			.doesNotContain("CoercionConfig");
		assertInvalid("integer", "\"\"", "argument 1 'value' of method 'integer'", "empty String");
		assertInvalid("color", "1", "argument 1 'color' of method 'color': cannot convert 1 to ", "Integer value (1)");
		assertInvalid("flag", "1", "argument 1 'flag' of method 'flag': cannot convert 1 to boolean",
				"Integer value (1)");
		assertInvalid("half", "1e-400", "argument 1 'value' of method 'half': cannot convert 1e-400 to double",
				"1e-400 does not fit a double");
		assertInvalid("half", "-1e400", "argument 1 'value' of method 'half'", "-1e400 does not fit a double");
		assertInvalid("decimal", "\"5\"", "argument 1 'value' of method 'decimal'", "String value (\"5\")");
		assertInvalid("point", "{\"x\":1.5,\"y\":2}", "argument 1 'point' of method 'point'",
				"Floating-point value (1.5)");
		assertInvalid("point", "{\"x\":null,\"y\":2}", "argument 1 'point' of method 'point'", "null");
		assertInvalid("floats", "[1,1e39]", "argument 1 'values' of method 'floats'", "1e39 does not fit a float");
		assertInvalid("doubles", "[1,1e-400]", "argument 1 'values' of method 'doubles'",
				"1e-400 does not fit a double");
		assertThat(this.service.calls).isEmpty();
		assertThat(call("{\"rid\":9,\"method\":\"integer\",\"args\":[7]}"))
			.isEqualTo("{\"success\":true,\"rid\":9,\"data\":7}");
		assertThat(call("{\"rid\":10,\"method\":\"half\",\"args\":[0e-400]}"))
			.isEqualTo("{\"success\":true,\"rid\":10,\"data\":0.0}");
	}

	private void assertInvalid(String method, String argument, String start, String detail) {
		String answer = call("{\"rid\":5,\"method\":\"" + method + "\",\"args\":[" + argument + "]}");
		assertThat(answer).startsWith("{\"success\":false,\"rid\":5,\"error\":\"" + start.replace("\"", "\\\""))
			.contains(detail.replace("\"", "\\\""))
			.endsWith("\"code\":\"INVALID_ARGUMENTS\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void lenientCoercionKeepsJacksonRules(String transport) throws IOException {
		start(transport, WireCodec.of(JsonMapper.builder().build(), true));

		assertThat(call("{\"rid\":1,\"method\":\"integer\",\"args\":[1.9]}"))
			.isEqualTo("{\"success\":true,\"rid\":1,\"data\":1}");
		assertThat(call("{\"rid\":2,\"method\":\"integer\",\"args\":[\"5\"]}"))
			.isEqualTo("{\"success\":true,\"rid\":2,\"data\":5}");
		assertThat(call("{\"rid\":3,\"method\":\"half\",\"args\":[1e-400]}"))
			.isEqualTo("{\"success\":true,\"rid\":3,\"data\":0.0}");
		assertThat(call("{\"rid\":4,\"method\":\"decimal\",\"args\":[3.10]}"))
			.isEqualTo("{\"success\":true,\"rid\":4,\"data\":3.10}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void lossyResultsFailTheClientCallWithAnIpcException(String transport) throws IOException {
		start(transport);
		Values values = proxy();

		assertThatExceptionOfType(IpcException.class).isThrownBy(values::oneNine)
			.withMessageStartingWith("The answer of IPC call 'oneNine' could not be read as int: ")
			.withMessageContaining("Floating-point value (1.9)")
			.withMessageContaining("ipc.codec.lenient-coercion=true accepts it")
			.withMessageNotContaining("CoercionConfig");
		assertThatExceptionOfType(IpcException.class).isThrownBy(values::ordinal)
			.withMessageStartingWith("The answer of IPC call 'ordinal' could not be read as ")
			.withMessageContaining("Integer value (1)");
		assertThatExceptionOfType(IpcException.class).isThrownBy(values::tiny)
			.withMessageContaining("1E-400 does not fit a double");
		assertThat(values.integer(3)).isEqualTo(3);
	}

	// --- 8.4: a deserializer that throws ---

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void argumentDeserializerThrowingAnythingIsInvalidArgumentsAndTheConnectionStaysOpen(String transport)
			throws IOException {
		start(transport);

		assertThat(call("{\"rid\":1,\"method\":\"fragile\",\"args\":[\"boom\"]}")).isEqualTo("{\"success\":false,"
				+ "\"rid\":1,\"error\":\"argument 1 'value' of method 'fragile': cannot convert \\\"boom\\\" to "
				+ WireValuesTest.class.getName() + "$Fragile: deserializer broke\",\"code\":\"INVALID_ARGUMENTS\"}");
		assertThat(call("{\"rid\":2,\"method\":\"fragile\",\"args\":[\"error\"]}"))
			.contains("cannot convert \\\"error\\\" to ")
			.contains("AssertionError")
			.endsWith("\"code\":\"INVALID_ARGUMENTS\"}");
		assertThat(call("{\"rid\":3,\"method\":\"fragile\",\"args\":[\"fine\"]}"))
			.isEqualTo("{\"success\":true,\"rid\":3,\"data\":\"fine\"}");
		assertThat(this.client.isClosedByServer()).isFalse();
	}

	// --- 8.11: duplicate keys ---

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void duplicateKeysAtAnyDepthAreParseErrorsAndRunNothing(String transport) throws IOException {
		start(transport);

		for (String line : List.of("{\"rid\":1,\"method\":\"nope\",\"method\":\"integer\",\"args\":[1]}",
				"{\"rid\":1,\"rid\":2,\"method\":\"integer\",\"args\":[1]}",
				"{\"rid\":1,\"method\":\"integer\",\"args\":[1],\"args\":[2]}",
				"{\"rid\":1,\"method\":\"point\",\"args\":[{\"x\":1,\"y\":2,\"x\":3}]}",
				"{\"rid\":1,\"method\":\"integer\",\"args\":[1],\"extra\":{\"a\":[{\"b\":1,\"b\":1}]}}",
				"{\"rid\":1,\"method\":\"integer\",\"args\":[1],\"x\":1,\"x\":1}",
				"{\"rid\":1,\"method\":\"integer\",\"args\":[[{\"a\":{},\"a\":{}}]]}")) {
			assertThat(call(line)).startsWith("{\"success\":false,\"error\":\"")
				.containsIgnoringCase("duplicate")
				.endsWith("\"code\":\"PARSE_ERROR\"}");
		}
		assertThat(this.service.calls).isEmpty();
		assertThat(call("{\"rid\":2,\"method\":\"integer\",\"args\":[2]}"))
			.isEqualTo("{\"success\":true,\"rid\":2,\"data\":2}");
	}

	// --- 8.10: strict UTF-8 ---

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void linesThatAreNotStrictUtf8AreParseErrorsAndRunNothing(String transport) throws IOException {
		start(transport);
		String call = "{\"rid\":1,\"method\":\"integer\",\"args\":[1]}";
		List<byte[]> lines = List.of(
				// overlong "i" in the method name, overlong "m" in the key
				utf8("{\"rid\":1,\"method\":\"", new byte[] { (byte) 0xC1, (byte) 0xA9 }, "nteger\",\"args\":[1]}"),
				utf8("{\"rid\":1,\"", new byte[] { (byte) 0xC1, (byte) 0xAD }, "ethod\":\"integer\",\"args\":[1]}"),
				// three-byte overlong, encoded surrogate, beyond U+10FFFF, stray
				// continuation, truncated
				utf8("{\"rid\":1,\"method\":\"", new byte[] { (byte) 0xE0, (byte) 0x81, (byte) 0xA9 },
						"nteger\",\"args\":[1]}"),
				utf8("{\"rid\":1,\"method\":\"integer\",\"args\":[\"",
						new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, "\"]}"),
				utf8("{\"rid\":1,\"method\":\"integer\",\"args\":[\"",
						new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }, "\"]}"),
				utf8("{\"rid\":1,\"method\":\"integer\",\"args\":[\"", new byte[] { (byte) 0x80 }, "\"]}"),
				utf8("{\"rid\":1,\"method\":\"integer\",\"args\":[\"", new byte[] { (byte) 0xE2, (byte) 0x82 }, "\"]}"),
				// byte order mark, UTF-16 and UTF-32 (big-endian, so that the \n ends the
				// whole line)
				utf8("", new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, call),
				call.getBytes(StandardCharsets.UTF_16BE), call.getBytes(java.nio.charset.Charset.forName("UTF-32BE")));
		for (byte[] line : lines) {
			byte[] terminated = java.util.Arrays.copyOf(line, line.length + 1);
			terminated[line.length] = '\n';
			this.client.writeBytes(terminated);
			assertThat(this.client.readLine()).startsWith("{\"success\":false,\"error\":\"")
				.contains("UTF-8")
				.endsWith("\"code\":\"PARSE_ERROR\"}");
		}
		assertThat(this.service.calls).isEmpty();
		assertThat(call("{\"rid\":2,\"method\":\"echo\",\"args\":[\"a\u00e9\u20ac\ud83d\ude00\"]}"))
			.isEqualTo("{\"success\":true,\"rid\":2,\"data\":\"a\u00e9\u20ac\ud83d\ude00\"}");
	}

	private static byte[] utf8(String before, byte[] raw, String after) {
		byte[] head = before.getBytes(StandardCharsets.UTF_8);
		byte[] tail = after.getBytes(StandardCharsets.UTF_8);
		byte[] line = new byte[head.length + raw.length + tail.length];
		System.arraycopy(head, 0, line, 0, head.length);
		System.arraycopy(raw, 0, line, head.length, raw.length);
		System.arraycopy(tail, 0, line, head.length + raw.length, tail.length);
		return line;
	}

	public enum Color {

		RED, GREEN

	}

	public record Point(int x, int y) {
	}

	@JsonDeserialize(using = FragileDeserializer.class)
	public record Fragile(String text) {
	}

	static final class FragileDeserializer extends ValueDeserializer<Fragile> {

		@Override
		public Fragile deserialize(JsonParser parser, DeserializationContext context) {
			String text = parser.getString();
			if (text.equals("boom")) {
				throw new IllegalStateException("deserializer broke");
			}
			if (text.equals("error")) {
				throw new AssertionError();
			}
			return new Fragile(text);
		}

	}

	/** The client's view; some return types differ from the server's on purpose. */
	public interface Values {

		BigDecimal decimal(BigDecimal value);

		CompletableFuture<BigDecimal> decimalAsync(BigDecimal value);

		double half(double value);

		int integer(int value);

		int oneNine();

		Color ordinal();

		double tiny();

	}

	public static final class ValuesService {

		final List<String> calls = new CopyOnWriteArrayList<>();

		final List<BigDecimal> decimals = new CopyOnWriteArrayList<>();

		public BigDecimal decimal(BigDecimal value) {
			this.decimals.add(value);
			return value;
		}

		public CompletableFuture<BigDecimal> decimalAsync(BigDecimal value) {
			return CompletableFuture.completedFuture(decimal(value));
		}

		public Map<String, List<BigDecimal>> decimals(Map<String, List<BigDecimal>> values) {
			values.values().forEach(this.decimals::addAll);
			return values;
		}

		public double half(double value) {
			return value / 2;
		}

		public int integer(int value) {
			this.calls.add("integer");
			return value;
		}

		public Color color(Color color) {
			this.calls.add("color");
			return color;
		}

		public boolean flag(boolean flag) {
			this.calls.add("flag");
			return flag;
		}

		public Point point(Point point) {
			this.calls.add("point");
			return point;
		}

		public float[] floats(float[] values) {
			this.calls.add("floats");
			return values;
		}

		public double[] doubles(double[] values) {
			this.calls.add("doubles");
			return values;
		}

		public String fragile(Fragile value) {
			return value.text();
		}

		public String echo(String text) {
			return text;
		}

		public double oneNine() {
			return 1.9;
		}

		public int ordinal() {
			return 1;
		}

		public BigDecimal tiny() {
			return new BigDecimal("1e-400");
		}

	}

}
