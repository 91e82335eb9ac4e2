package dev.socketipc.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Calls through an {@code @IpcClient}-style proxy to a real {@link IpcServer}: results of
 * every shape, void and async methods, every error code a client can meet, and timeouts
 * with their late answers.
 */
class ClientCallsTest {

	private Path directory;

	private CalcService service;

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<IpcConnection> connections = new ArrayList<>();

	private IpcServer server;

	private IpcConnection connection;

	private Calc calc;

	@BeforeEach
	void startServer() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		this.service = new CalcService();
		this.server = start(Transport.UNIX);
		this.connection = connect(this.server);
		this.calc = IpcClientFactory.create(Calc.class, this.connection, ClientOptions.defaults());
	}

	@AfterEach
	void stopEverything() throws IOException {
		this.service.release.countDown();
		this.connections.forEach(IpcConnection::close);
		this.servers.forEach(IpcServer::stop);
		SocketPaths.deleteRecursively(this.directory);
	}

	private IpcServer start(Transport transport) {
		IpcServer started = ClientTestSockets.startServer(transport.bindAddress(this.directory), this.service);
		this.servers.add(started);
		return started;
	}

	private IpcConnection connect(IpcServer target) {
		IpcConnection created = ClientTestSockets.connection(target.address());
		this.connections.add(created);
		return created;
	}

	record Point(int x, int y) {
	}

	record Segment(Point from, Point to) {
	}

	static final class Unwritable {

		public String getValue() {
			throw new IllegalStateException("this value cannot be read");
		}

	}

	static class CalcService {

		final List<String> remembered = new CopyOnWriteArrayList<>();

		final CountDownLatch release = new CountDownLatch(1);

		final CompletableFuture<String> lateAnswer = new CompletableFuture<>();

		public int add(int a, int b) {
			return a + b;
		}

		public int sum(int... numbers) {
			return IntStream.of(numbers).sum();
		}

		public void remember(String value) {
			this.remembered.add(value);
		}

		public void explode(String message) {
			throw new IllegalStateException(message);
		}

		public int divide(int a, int b) {
			return a / b;
		}

		public String waitForRelease() throws InterruptedException {
			return this.release.await(10, TimeUnit.SECONDS) ? "released" : "never released";
		}

		public List<Point> line(int length) {
			return IntStream.range(0, length).mapToObj((i) -> new Point(i, 2 * i)).toList();
		}

		public Map<String, Point> index(List<Point> points) {
			Map<String, Point> index = new LinkedHashMap<>();
			for (int i = 0; i < points.size(); i++) {
				index.put("p" + i, points.get(i));
			}
			return index;
		}

		public Optional<Point> find(String name) {
			return "origin".equals(name) ? Optional.of(new Point(0, 0)) : Optional.empty();
		}

		public Segment stretch(Segment segment, int factor) {
			return new Segment(segment.from(), new Point(segment.to().x() * factor, segment.to().y() * factor));
		}

		public Integer nothing() {
			return null;
		}

		public Unwritable broken() {
			return new Unwritable();
		}

		public CompletableFuture<String> late() {
			return this.lateAnswer;
		}

	}

	interface Calc {

		int add(int a, int b);

		int sum(int... numbers);

		void remember(String value);

		void explode(String message);

		int divide(int a, int b);

		CompletableFuture<String> waitForRelease();

		List<Point> line(int length);

		Map<String, Point> index(List<Point> points);

		Optional<Point> find(String name);

		Segment stretch(Segment segment, int factor);

		int nothing();

		String broken();

		@IpcMethod(timeout = "200ms")
		String late();

	}

	/** Declares what the server does not have, or with types it cannot take. */
	interface Mismatched {

		int add(String a, int b);

		int missing();

		CompletableFuture<Integer> missingLater();

		Integer nothing();

	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void syncCallsRoundTripOverUnixAndTcp(Transport transport) {
		IpcServer target = (transport == Transport.UNIX) ? this.server : start(transport);
		IpcConnection viaTransport = connect(target);
		Calc client = IpcClientFactory.create(Calc.class, viaTransport, ClientOptions.defaults());

		assertThat(client.add(2, 3)).isEqualTo(5);
		assertThat(client.sum(1, 2, 3, 4, 5)).isEqualTo(15);
		assertThat(client.sum()).isZero();
		assertThat(viaTransport.isReady()).isTrue();
		assertThat(viaTransport.methods()).isEqualTo(target.methodNames());
		assertThat(viaTransport.pendingCalls()).isZero();
	}

	@Test
	void voidMethodReturnsOnlyOnceTheServerRanIt() {
		this.calc.remember("first");
		assertThat(this.service.remembered).containsExactly("first");
		this.calc.remember("second");
		assertThat(this.service.remembered).containsExactly("first", "second");
	}

	@Test
	void exceptionThrownByAVoidServerMethodSurfacesAsRemoteException() {
		assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(() -> this.calc.explode("boom"))
			.withMessage("IPC method 'explode' failed with SERVICE_ERROR: boom")
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(ErrorCode.SERVICE_ERROR);
				assertThat(ex.getMethod()).isEqualTo("explode");
				assertThat(ex.getRemoteMessage()).isEqualTo("boom");
			});
	}

	@Test
	void asyncCallReturnsBeforeTheServerMethodCompletes() throws Exception {
		CompletableFuture<String> answer = this.calc.waitForRelease();
		// The server method holds until released (or 10 s): had the proxy waited, the
		// future would be done by now.
		assertThat(answer).isNotDone();
		this.service.release.countDown();
		assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("released");
	}

	@Test
	void genericTypesAndRecordsRoundTrip() {
		List<Point> line = this.calc.line(3);
		assertThat(line).containsExactly(new Point(0, 0), new Point(1, 2), new Point(2, 4));
		assertThat(line.get(0)).isInstanceOf(Point.class);

		Map<String, Point> index = this.calc.index(List.of(new Point(5, 6), new Point(7, 8)));
		assertThat(index).containsExactly(Map.entry("p0", new Point(5, 6)), Map.entry("p1", new Point(7, 8)));

		assertThat(this.calc.find("origin")).contains(new Point(0, 0));
		assertThat(this.calc.find("elsewhere")).isEmpty();

		Segment stretched = this.calc.stretch(new Segment(new Point(1, 1), new Point(2, 3)), 10);
		assertThat(stretched).isEqualTo(new Segment(new Point(1, 1), new Point(20, 30)));
	}

	@Test
	void serviceErrorCarriesTheCodeTheMethodAndTheServersMessage() {
		assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(() -> this.calc.divide(1, 0))
			.withMessage("IPC method 'divide' failed with SERVICE_ERROR: / by zero")
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(ErrorCode.SERVICE_ERROR);
				assertThat(ex.getMethod()).isEqualTo("divide");
				assertThat(ex.getRemoteMessage()).isEqualTo("/ by zero");
			});
		assertThat(this.calc.divide(9, 3)).isEqualTo(3);
	}

	@Test
	void argumentTheServerCannotConvertFailsWithInvalidArguments() {
		Mismatched mismatched = IpcClientFactory.create(Mismatched.class, this.connection, ClientOptions.defaults());
		assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(() -> mismatched.add("abc", 1))
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENTS);
				assertThat(ex.getMethod()).isEqualTo("add");
				assertThat(ex.getRemoteMessage())
					.startsWith("argument 1 'a' of method 'add': cannot convert \"abc\" to int");
				assertThat(ex.getMessage())
					.isEqualTo("IPC method 'add' failed with INVALID_ARGUMENTS: " + ex.getRemoteMessage());
			});
	}

	@Test
	void methodTheServerDoesNotListFailsAtOnceNamingTheServersMethods() {
		Mismatched mismatched = IpcClientFactory.create(Mismatched.class, this.connection, ClientOptions.defaults());
		assertThat(this.calc.add(1, 1)).isEqualTo(2);
		String offers = "; it offers " + this.server.methodNames().size() + " methods: "
				+ String.join(", ", this.server.methodNames());
		String expected = "IPC method 'missingLater' failed with METHOD_NOT_FOUND: the server at "
				+ this.server.address() + " does not offer 'missingLater'" + offers;

		// The connection is ready, so the client knows the list: the future fails before
		// call() even returns.
		CompletableFuture<Integer> later = mismatched.missingLater();
		assertThat(later).isCompletedExceptionally();
		assertThatThrownBy(later::join).cause()
			.isInstanceOf(IpcRemoteException.class)
			.hasMessage(expected)
			.satisfies((ex) -> assertThat(((IpcRemoteException) ex).getCode()).isEqualTo(ErrorCode.METHOD_NOT_FOUND));

		assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(mismatched::missing)
			.withMessage("IPC method 'missing' failed with METHOD_NOT_FOUND: the server at " + this.server.address()
					+ " does not offer 'missing'" + offers)
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(ErrorCode.METHOD_NOT_FOUND));
		assertThat(this.connection.pendingCalls()).isZero();
	}

	@Test
	void resultTheServerCannotWriteFailsWithInternalError() {
		assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(this.calc::broken).satisfies((ex) -> {
			assertThat(ex.getCode()).isEqualTo(ErrorCode.INTERNAL_ERROR);
			assertThat(ex.getMethod()).isEqualTo("broken");
			assertThat(ex.getRemoteMessage()).startsWith("the result of method 'broken' could not be written as JSON: ")
				.contains("this value cannot be read");
		});
		assertThat(this.calc.add(4, 5)).isEqualTo(9);
	}

	@Test
	void nullAnswerForAPrimitiveReturnTypeFailsWhileABoxedTypeTakesIt() {
		assertThatThrownBy(this.calc::nothing).isExactlyInstanceOf(IpcException.class)
			.hasMessage("IPC method 'nothing' answered null, which the return type int cannot hold");
		Mismatched boxed = IpcClientFactory.create(Mismatched.class, this.connection, ClientOptions.defaults());
		assertThat(boxed.nothing()).isNull();
	}

	@Test
	void nullAnswerForAPrimitiveFailsEvenWhenTheMapperAcceptsNullForPrimitives() {
		WireCodec lenient = WireCodec
			.of(JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build());
		IpcConnection lenientConnection = IpcConnection.builder(this.server.address())
			.codec(lenient)
			.reconnectBackoff(ClientTestSockets.FAST_BACKOFF)
			.build();
		this.connections.add(lenientConnection);
		Calc client = IpcClientFactory.create(Calc.class, lenientConnection, ClientOptions.defaults());
		// Such a mapper would read null as 0: the proxy must still refuse it rather than
		// invent a value.
		assertThatThrownBy(client::nothing).isExactlyInstanceOf(IpcException.class)
			.hasMessage("IPC method 'nothing' answered null, which the return type int cannot hold");
		assertThat(client.add(1, 2)).isEqualTo(3);
	}

	@Test
	void unansweredCallTimesOutAndItsLateAnswerIsDropped() throws Exception {
		assertThat(this.calc.add(1, 2)).isEqualTo(3);
		assertThatExceptionOfType(IpcTimeoutException.class).isThrownBy(this.calc::late)
			.withMessage("IPC call 'late' to " + this.server.address() + " got no answer within 200ms")
			.satisfies((ex) -> assertThat(ex.getTimeout()).isEqualTo(Duration.ofMillis(200)));
		assertThat(this.connection.pendingCalls()).isZero();

		// The server answers now; its late answer reaches the client before the next
		// call's answer.
		this.service.lateAnswer.complete("too late");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.connection.pendingCalls() == 0);
		assertThat(this.calc.add(20, 22)).isEqualTo(42);
		assertThat(this.calc.line(1)).containsExactly(new Point(0, 0));
		assertThat(this.connection.pendingCalls()).isZero();
		assertThat(this.connection.isReady()).isTrue();
	}

}
