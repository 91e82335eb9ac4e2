package dev.socketipc.client;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.annotation.IpcTopic;
import dev.socketipc.protocol.RawJson;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireMessage;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.TypeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How {@link IpcClientFactory} reads an interface: the wire name, kind, result type,
 * argument spreading and timeout of every supported signature, the exact message for
 * every unsupported one, and the methods a proxy runs locally.
 */
class IpcClientFactoryTest {

	private static final WireCodec CODEC = WireCodec.create();

	private static final JsonMapper MAPPER = CODEC.mapper();

	private static final TypeFactory TYPES = MAPPER.getTypeFactory();

	private Path directory;

	private IpcConnection connection;

	private ScriptedServer rawServer;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void closeEverything() throws Exception {
		if (this.connection != null) {
			this.connection.close();
		}
		if (this.rawServer != null) {
			this.rawServer.close();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	record Point(int x, int y) {
	}

	interface Shape {

	}

	record Circle(Point center, int radius) implements Shape {
	}

	interface Supported {

		String echo(String text);

		int add(int a, int b);

		long sum(long... values);

		String label(String name, int... values);

		void reset();

		CompletableFuture<Integer> later(int value);

		CompletionStage<String> stage();

		CompletableFuture<? extends Shape> shape();

		CompletableFuture<Void> done();

		List<Point> points();

		Map<String, Point> byName();

		Optional<Point> find(String name);

		Circle circle(Point center, int radius);

		CompletableFuture<List<Point>> pointsLater();

		Point[] array();

		@IpcMethod("plus")
		int renamed(int a, int b);

		@IpcMethod(timeout = "5s")
		String slow();

		@IpcMethod(value = "slower", timeout = "2m")
		String slowRenamed();

		default String greeting(String name) {
			return "hello " + name;
		}

		static String helper() {
			return "static";
		}

	}

	private static ClientMethod parse(String name, ClientOptions options) {
		Method method = Arrays.stream(Supported.class.getMethods())
			.filter((candidate) -> candidate.getName().equals(name))
			.findFirst()
			.orElseThrow();
		return ClientMethod.parse(method, options, CODEC);
	}

	/** The {@code data} of an answer line, as the client reads it. */
	private static RawJson data(String json) {
		byte[] line = ("{\"success\":true,\"rid\":1,\"data\":" + json + "}").getBytes(StandardCharsets.UTF_8);
		return ((WireMessage.Answer) CODEC.decode(line, 0, line.length)).data();
	}

	private static ClientMethod parse(String name) {
		return parse(name, ClientOptions.defaults());
	}

	@Test
	void plainReturnTypeMakesTheCallerWaitForThatType() {
		ClientMethod echo = parse("echo");
		assertThat(echo.wireName).isEqualTo("echo");
		assertThat(echo.kind).isEqualTo(ClientMethod.Kind.BLOCKING);
		assertThat(echo.resultType).isEqualTo(TYPES.constructType(String.class));
	}

	@Test
	void primitiveReturnTypeIsReadAsThePrimitiveAndRefusesNull() {
		ClientMethod add = parse("add");
		assertThat(add.kind).isEqualTo(ClientMethod.Kind.BLOCKING);
		assertThat(add.resultType).isEqualTo(TYPES.constructType(int.class));
		assertThat(add.decode(data("3"))).isEqualTo(3);
		assertThatThrownBy(() -> add.decode(data("null"))).isExactlyInstanceOf(IpcException.class)
			.hasMessage("IPC method 'add' answered null, which the return type int cannot hold");
	}

	@Test
	void voidMethodStillWaitsAndIgnoresTheData() {
		ClientMethod reset = parse("reset");
		assertThat(reset.kind).isEqualTo(ClientMethod.Kind.VOID);
		assertThat(reset.resultType).isEqualTo(TYPES.constructType(Void.class));
	}

	@Test
	void completableFutureAndCompletionStageAreAsyncAndReadTheirTypeArgument() {
		ClientMethod later = parse("later");
		assertThat(later.kind).isEqualTo(ClientMethod.Kind.ASYNC);
		assertThat(later.resultType).isEqualTo(TYPES.constructType(Integer.class));
		ClientMethod stage = parse("stage");
		assertThat(stage.kind).isEqualTo(ClientMethod.Kind.ASYNC);
		assertThat(stage.resultType).isEqualTo(TYPES.constructType(String.class));
		ClientMethod done = parse("done");
		assertThat(done.kind).isEqualTo(ClientMethod.Kind.ASYNC);
		assertThat(done.resultType).isEqualTo(TYPES.constructType(Void.class));
	}

	@Test
	void upperBoundedWildcardInAFutureReadsTheBound() {
		ClientMethod shape = parse("shape");
		assertThat(shape.kind).isEqualTo(ClientMethod.Kind.ASYNC);
		assertThat(shape.resultType).isEqualTo(TYPES.constructType(Shape.class));
	}

	@Test
	void genericCollectionsRecordsAndArraysKeepTheirFullType() {
		assertThat(parse("points").resultType).isEqualTo(TYPES.constructCollectionType(List.class, Point.class));
		assertThat(parse("byName").resultType).isEqualTo(TYPES.constructMapType(Map.class, String.class, Point.class));
		assertThat(parse("find").resultType).isEqualTo(TYPES.constructType(new TypeReference<Optional<Point>>() {
		}));
		assertThat(parse("circle").resultType).isEqualTo(TYPES.constructType(Circle.class));
		assertThat(parse("pointsLater").resultType).isEqualTo(TYPES.constructCollectionType(List.class, Point.class));
		assertThat(parse("pointsLater").kind).isEqualTo(ClientMethod.Kind.ASYNC);
		assertThat(parse("array").resultType).isEqualTo(TYPES.constructArrayType(Point.class));
	}

	@Test
	void varargsAreSpreadIntoTheArguments() {
		assertThat(parse("sum").wireArguments(new Object[] { new long[] { 1, 2, 3, 4, 5 } })).containsExactly(1L, 2L,
				3L, 4L, 5L);
		assertThat(parse("label").wireArguments(new Object[] { "x", new int[] { 1, 2 } })).containsExactly("x", 1, 2);
		assertThat(parse("label").wireArguments(new Object[] { "x", new int[0] })).containsExactly("x");
		assertThat(parse("sum").wireArguments(new Object[] { null })).isEmpty();
	}

	@Test
	void argumentsOfOtherMethodsAreSentAsGiven() {
		Point center = new Point(1, 2);
		assertThat(parse("circle").wireArguments(new Object[] { center, 3 })).containsExactly(center, 3);
		assertThat(parse("add").wireArguments(new Object[] { 1, 2 })).containsExactly(1, 2);
		assertThat(parse("stage").wireArguments(null)).isEmpty();
	}

	@Test
	void ipcMethodRenamesAndThePrefixIsPrependedWithADot() {
		assertThat(parse("renamed").wireName).isEqualTo("plus");
		ClientOptions prefixed = new ClientOptions("calc", ClientOptions.DEFAULT_TIMEOUT, Map.of());
		assertThat(parse("renamed", prefixed).wireName).isEqualTo("calc.plus");
		assertThat(parse("add", prefixed).wireName).isEqualTo("calc.add");
	}

	@Test
	void timeoutComesFromTheOptionsWhenNothingElseSetsOne() {
		assertThat(parse("echo").timeout).isEqualTo(ClientOptions.DEFAULT_TIMEOUT);
		ClientOptions options = new ClientOptions("", Duration.ofSeconds(3), Map.of("other", Duration.ofSeconds(9)));
		assertThat(parse("echo", options).timeout).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void ipcMethodTimeoutBeatsTheOptionsTimeout() {
		ClientOptions options = new ClientOptions("", Duration.ofSeconds(3), Map.of());
		assertThat(parse("slow", options).timeout).isEqualTo(Duration.ofSeconds(5));
		assertThat(parse("slowRenamed", options).timeout).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void methodTimeoutByJavaNameBeatsTheAnnotation() {
		ClientOptions options = new ClientOptions("calc", Duration.ofSeconds(3),
				Map.of("slow", Duration.ofMillis(700), "slowRenamed", Duration.ofMillis(800)));
		assertThat(parse("slow", options).timeout).isEqualTo(Duration.ofMillis(700));
		assertThat(parse("slowRenamed", options).timeout).isEqualTo(Duration.ofMillis(800));
	}

	@Test
	void methodTimeoutByWireNameBeatsTheAnnotation() {
		ClientOptions bare = new ClientOptions("", Duration.ofSeconds(3), Map.of("slower", Duration.ofMillis(900)));
		assertThat(parse("slowRenamed", bare).timeout).isEqualTo(Duration.ofMillis(900));
		ClientOptions prefixed = new ClientOptions("calc", Duration.ofSeconds(3),
				Map.of("calc.slower", Duration.ofMillis(600), "calc.echo", Duration.ofMillis(400)));
		assertThat(parse("slowRenamed", prefixed).timeout).isEqualTo(Duration.ofMillis(600));
		assertThat(parse("echo", prefixed).timeout).isEqualTo(Duration.ofMillis(400));
	}

	@Test
	void factoryAcceptsEverySupportedSignature() {
		this.connection = ClientTestSockets.connection(ClientTestSockets.unixAddress(this.directory, "none.sock"));
		Supported client = IpcClientFactory.create(Supported.class, this.connection, ClientOptions.defaults());
		assertThat(client).isInstanceOf(Supported.class);
	}

	interface ReturnsFuture {

		Future<Integer> result();

	}

	interface CustomStage<T> extends CompletionStage<T> {

	}

	interface ReturnsCustomStage {

		CustomStage<Integer> result();

	}

	static class CustomFuture<T> extends CompletableFuture<T> {

	}

	interface ReturnsCompletableFutureSubclass {

		CustomFuture<Integer> result();

	}

	@SuppressWarnings("rawtypes")
	interface ReturnsRawCompletableFuture {

		CompletableFuture result();

	}

	@SuppressWarnings("rawtypes")
	interface ReturnsRawCompletionStage {

		CompletionStage result();

	}

	interface ReturnsStream {

		Stream<Point> result();

	}

	interface ReturnsIntStream {

		IntStream result();

	}

	interface ReturnsIterator {

		Iterator<Point> result();

	}

	interface ReturnsMono {

		reactor.core.publisher.Mono<Point> result();

	}

	interface ReturnsReactiveStreamsPublisher {

		org.reactivestreams.Publisher<Point> result();

	}

	interface ReturnsSubmissionPublisher {

		java.util.concurrent.SubmissionPublisher<Point> result();

	}

	interface ReturnsRawPublisher {

		@SuppressWarnings("rawtypes")
		Flow.Publisher result();

	}

	interface TopicWithParameter {

		@IpcTopic("prices")
		Flow.Publisher<Point> result(String symbol);

	}

	interface TopicNotPublisher {

		@IpcTopic("prices")
		List<Point> result();

	}

	interface ReservedTopic {

		@IpcTopic("$prices")
		Flow.Publisher<Point> result();

	}

	interface ReturnsTypeVariable {

		<T> T result();

	}

	interface ReturnsTypeVariableInAFuture {

		<T> CompletableFuture<T> result();

	}

	interface ReturnsListOfTypeVariable<T> {

		List<T> result();

	}

	interface ReturnsWildcard {

		List<? extends Number> result();

	}

	interface ReturnsLowerBoundedWildcardFuture {

		CompletableFuture<? super Integer> result();

	}

	interface InvalidTimeout {

		@IpcMethod(timeout = "abc")
		int result();

	}

	interface ZeroTimeout {

		@IpcMethod(timeout = "0s")
		int result();

	}

	static Stream<Arguments> unsupportedSignatures() {
		String futureAdvice = " return type is not supported; return CompletableFuture<T> or CompletionStage<T>";
		String oneAnswer = " return type is not supported: return Flow.Publisher<T> or Flux<T> to stream items (or, "
				+ "with @IpcTopic, a topic's events), or List<T> for all at once";
		String variable = "return type must not include a type variable or wildcard: ";
		String timeout = " is not a positive duration such as 500ms, 5s, 2m or PT5S";
		return Stream.of(
				Arguments.of(ReturnsFuture.class, "Future" + futureAdvice + " for method ReturnsFuture.result"),
				Arguments.of(ReturnsCustomStage.class,
						"CustomStage" + futureAdvice + " for method ReturnsCustomStage.result"),
				Arguments.of(ReturnsCompletableFutureSubclass.class,
						"CustomFuture" + futureAdvice + " for method ReturnsCompletableFutureSubclass.result"),
				Arguments.of(ReturnsRawCompletableFuture.class,
						"CompletableFuture return type must be parameterized as CompletableFuture<Foo>"
								+ " for method ReturnsRawCompletableFuture.result"),
				Arguments.of(ReturnsRawCompletionStage.class,
						"CompletionStage return type must be parameterized as CompletionStage<Foo>"
								+ " for method ReturnsRawCompletionStage.result"),
				Arguments.of(ReturnsStream.class, "Stream" + oneAnswer + " for method ReturnsStream.result"),
				Arguments.of(ReturnsIntStream.class, "IntStream" + oneAnswer + " for method ReturnsIntStream.result"),
				Arguments.of(ReturnsIterator.class, "Iterator" + oneAnswer + " for method ReturnsIterator.result"),
				Arguments.of(ReturnsMono.class, "Mono" + oneAnswer + " for method ReturnsMono.result"),
				Arguments.of(ReturnsReactiveStreamsPublisher.class,
						"Publisher" + oneAnswer + " for method ReturnsReactiveStreamsPublisher.result"),
				Arguments.of(ReturnsSubmissionPublisher.class,
						"SubmissionPublisher" + oneAnswer + " for method ReturnsSubmissionPublisher.result"),
				Arguments.of(ReturnsRawPublisher.class,
						"Publisher return type must be parameterized as Publisher<Foo> for method ReturnsRawPublisher.result"),
				Arguments.of(TopicWithParameter.class,
						"@IpcTopic method must have no parameters, not 1 for method TopicWithParameter.result"),
				Arguments.of(TopicNotPublisher.class,
						"@IpcTopic method must return Flow.Publisher<T> or Flux<T>, not List for method TopicNotPublisher.result"),
				Arguments.of(ReservedTopic.class,
						"@IpcTopic name '$prices' must not be empty nor start with '$' for method ReservedTopic.result"),
				Arguments.of(ReturnsTypeVariable.class, variable + "T for method ReturnsTypeVariable.result"),
				Arguments.of(ReturnsTypeVariableInAFuture.class,
						variable + "T for method ReturnsTypeVariableInAFuture.result"),
				Arguments.of(ReturnsListOfTypeVariable.class,
						variable + "T for method ReturnsListOfTypeVariable.result"),
				Arguments.of(ReturnsWildcard.class,
						variable + "? extends java.lang.Number for method ReturnsWildcard.result"),
				Arguments.of(ReturnsLowerBoundedWildcardFuture.class,
						variable + "? super java.lang.Integer for method ReturnsLowerBoundedWildcardFuture.result"),
				Arguments.of(InvalidTimeout.class,
						"@IpcMethod timeout 'abc'" + timeout + " for method InvalidTimeout.result"),
				Arguments.of(ZeroTimeout.class,
						"@IpcMethod timeout '0s'" + timeout + " for method ZeroTimeout.result"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unsupportedSignatures")
	void unsupportedSignatureFailsAtCreationNamingTheMethod(Class<?> type, String message) {
		this.connection = ClientTestSockets.connection(ClientTestSockets.unixAddress(this.directory, "none.sock"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IpcClientFactory.create(type, this.connection, ClientOptions.defaults()))
			.withMessage(message);
	}

	interface DuplicateWireName {

		int add(int a, int b);

		@IpcMethod("add")
		int sum(int... values);

	}

	@Test
	void twoMethodsWithTheSameWireNameFailNamingBoth() {
		this.connection = ClientTestSockets.connection(ClientTestSockets.unixAddress(this.directory, "none.sock"));
		// Which of the two is met first depends on the order of Class.getMethods(), which
		// is unspecified.
		String advice = "; rename one with @IpcMethod(\"...\") for method DuplicateWireName.";
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> IpcClientFactory.create(DuplicateWireName.class, this.connection, ClientOptions.defaults()))
			.satisfies((ex) -> assertThat(ex.getMessage()).isIn(
					"IPC method name 'add' is already used by add(int,int)" + advice + "sum",
					"IPC method name 'add' is already used by sum(int...)" + advice + "add"));
	}

	@Test
	void duplicateIsReportedWithThePrefixedWireName() {
		this.connection = ClientTestSockets.connection(ClientTestSockets.unixAddress(this.directory, "none.sock"));
		ClientOptions prefixed = new ClientOptions("calc", ClientOptions.DEFAULT_TIMEOUT, Map.of());
		String advice = "; rename one with @IpcMethod(\"...\") for method DuplicateWireName.";
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IpcClientFactory.create(DuplicateWireName.class, this.connection, prefixed))
			.satisfies((ex) -> assertThat(ex.getMessage()).isIn(
					"IPC method name 'calc.add' is already used by add(int,int)" + advice + "sum",
					"IPC method name 'calc.add' is already used by sum(int...)" + advice + "add"));
	}

	static class NotAnInterface {

		public int add(int a, int b) {
			return a + b;
		}

	}

	@Test
	void classInsteadOfAnInterfaceIsRefused() {
		this.connection = ClientTestSockets.connection(ClientTestSockets.unixAddress(this.directory, "none.sock"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> IpcClientFactory.create(NotAnInterface.class, this.connection, ClientOptions.defaults()))
			.withMessage("@IpcClient type " + NotAnInterface.class.getName() + " must be an interface");
	}

	@Test
	void objectMethodsAndDefaultMethodsRunLocallyWithoutAServer() {
		IpcAddress nobody = ClientTestSockets.unixAddress(this.directory, "nobody.sock");
		this.connection = ClientTestSockets.connection(nobody);
		ClientOptions shortTimeout = new ClientOptions("", Duration.ofMillis(200), Map.of());
		Supported client = IpcClientFactory.create(Supported.class, this.connection, shortTimeout);
		Supported other = IpcClientFactory.create(Supported.class, this.connection, shortTimeout);

		assertThat(client.toString()).isEqualTo("IpcClient[Supported -> " + nobody + "]");
		assertThat(client.equals(client)).isTrue();
		assertThat(client.equals(other)).isFalse();
		assertThat(client.equals(null)).isFalse();
		assertThat(client.hashCode()).isEqualTo(System.identityHashCode(client));
		assertThat(client.greeting("ipc")).isEqualTo("hello ipc");
		assertThat(Supported.helper()).isEqualTo("static");
		assertThat(this.connection.pendingCalls()).isZero();
		assertThat(this.connection.isReady()).isFalse();
	}

	interface Spreading {

		CompletableFuture<Integer> add(int... numbers);

		CompletableFuture<String> label(String name, int... values);

	}

	@Test
	void varargsCallPutsEachElementInTheArgsArrayOnTheWire() throws Exception {
		this.rawServer = ClientTestSockets.startScripted(ClientTestSockets.unixAddress(this.directory, "raw.sock"),
				"add", "label");
		this.connection = ClientTestSockets.connection(ClientTestSockets.addressOf(this.rawServer));
		Spreading client = IpcClientFactory.create(Spreading.class, this.connection, ClientOptions.defaults());

		CompletableFuture<Integer> sum = client.add(1, 2, 3, 4, 5);
		assertThat(this.rawServer.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"add\",\"args\":[1,2,3,4,5]}");
		this.rawServer.send("{\"success\":true,\"rid\":1,\"data\":15}");
		assertThat(sum.get(10, TimeUnit.SECONDS)).isEqualTo(15);

		CompletableFuture<String> label = client.label("x", 7, 8);
		assertThat(this.rawServer.nextLine()).isEqualTo("{\"rid\":2,\"method\":\"label\",\"args\":[\"x\",7,8]}");
		CompletableFuture<String> bare = client.label("y");
		assertThat(this.rawServer.nextLine()).isEqualTo("{\"rid\":3,\"method\":\"label\",\"args\":[\"y\"]}");
		this.rawServer.send("{\"success\":true,\"rid\":3,\"data\":\"y\"}");
		this.rawServer.send("{\"success\":true,\"rid\":2,\"data\":\"x:7,8\"}");
		assertThat(label.get(10, TimeUnit.SECONDS)).isEqualTo("x:7,8");
		assertThat(bare.get(10, TimeUnit.SECONDS)).isEqualTo("y");
	}

}
