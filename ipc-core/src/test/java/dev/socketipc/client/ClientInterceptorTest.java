package dev.socketipc.client;

import dev.socketipc.testsupport.SocketPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.server.IpcServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link IpcClientInterceptor}s around proxy calls to a real server: order, what they
 * see, short-circuit, wrapping, failures, and the limit to named servers.
 */
class ClientInterceptorTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private Path directory;

	private final CalcService service = new CalcService();

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<IpcConnection> connections = new ArrayList<>();

	private final List<String> events = new CopyOnWriteArrayList<>();

	interface Calc {

		int add(int a, int b);

		int sum(int... numbers);

		CompletableFuture<Integer> addLater(int a, int b);

		void explode(String message);

	}

	public static class CalcService {

		final AtomicInteger calls = new AtomicInteger();

		public int add(int a, int b) {
			this.calls.incrementAndGet();
			return a + b;
		}

		public int sum(int... numbers) {
			this.calls.incrementAndGet();
			int sum = 0;
			for (int number : numbers) {
				sum += number;
			}
			return sum;
		}

		public int addLater(int a, int b) {
			return add(a, b);
		}

		public void explode(String message) {
			this.calls.incrementAndGet();
			throw new IllegalStateException(message);
		}

	}

	@BeforeEach
	void createDirectory() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void stop() throws Exception {
		this.connections.forEach(IpcConnection::close);
		this.servers.forEach(IpcServer::stop);
		SocketPaths.deleteRecursively(this.directory);
	}

	/** Creates a proxy with these options, over one server and connection per test. */
	private Calc calc(Transport transport, String server, IpcClientInterceptor... interceptors) {
		if (this.connections.isEmpty()) {
			IpcServer started = ClientTestSockets.startServer(transport.bindAddress(this.directory), this.service);
			this.servers.add(started);
			this.connections.add(ClientTestSockets.connection(started.address()));
		}
		IpcConnection connection = this.connections.get(0);
		ClientOptions options = ClientOptions.defaults().withServer(server).withInterceptors(List.of(interceptors));
		return IpcClientFactory.create(Calc.class, connection, options);
	}

	/** Records what it sees before and after the rest of the chain. */
	private IpcClientInterceptor recording(String name) {
		return (call, next) -> {
			this.events.add(name + " before " + call.server() + " " + call.method() + " " + call.arguments() + " "
					+ call.javaMethod().getName());
			return next.proceed(call)
				.whenComplete((result, failure) -> this.events
					.add(name + " after " + ((failure != null) ? failure.getClass().getSimpleName() : result)));
		};
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void interceptorsRunInOrderAroundTheCallAndSeeItsResult(Transport transport) {
		Calc calc = calc(transport, "calc", recording("first"), recording("second"));

		assertThat(calc.sum(1, 2, 3)).isEqualTo(6);

		assertThat(this.events).containsExactly("first before calc sum [1, 2, 3] sum",
				"second before calc sum [1, 2, 3] sum", "second after 6", "first after 6");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void interceptorSeesTheServersException(Transport transport) {
		Calc calc = calc(transport, "calc", recording("only"));

		assertThatThrownBy(() -> calc.explode("boom")).isInstanceOf(IpcRemoteException.class)
			.hasMessageContaining("boom");

		assertThat(this.events).containsExactly("only before calc explode [boom] explode",
				"only after IpcRemoteException");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void interceptorCanAnswerWithoutCallingTheServer(Transport transport) {
		Calc calc = calc(transport, "calc", (call, next) -> CompletableFuture.completedFuture(42));

		assertThat(calc.add(1, 2)).isEqualTo(42);
		assertThat(this.service.calls).hasValue(0);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void interceptorCanChangeTheArgumentsAndWrapTheResult(Transport transport) throws Exception {
		IpcClientInterceptor doubling = (call, next) -> next
			.proceed(call.withArguments(call.arguments().stream().map((arg) -> (Integer) arg * 10).toArray()))
			.thenApply((result) -> (Integer) result + 1);
		Calc calc = calc(transport, "calc", doubling);

		assertThat(calc.add(1, 2)).isEqualTo(31);
		assertThat(calc.addLater(2, 3).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(51);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void interceptorThatThrowsFailsTheCallWithItsException(Transport transport) {
		IllegalStateException refusal = new IllegalStateException("not today");
		Calc calc = calc(transport, "calc", recording("outer"), (call, next) -> {
			throw refusal;
		});

		assertThatThrownBy(() -> calc.add(1, 2)).isSameAs(refusal);
		assertThatThrownBy(() -> calc.addLater(1, 2).get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.isInstanceOf(ExecutionException.class)
			.cause()
			.isSameAs(refusal);
		assertThat(this.events).contains("outer after IllegalStateException");
		assertThat(this.service.calls).hasValue(0);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void interceptorThatReturnsNullFailsTheCall(Transport transport) {
		IpcClientInterceptor broken = new IpcClientInterceptor() {
			@Override
			public CompletionStage<Object> intercept(IpcClientCall call, Chain next) {
				return null;
			}
		};
		Calc calc = calc(transport, "calc", broken);

		assertThatThrownBy(() -> calc.add(1, 2)).isExactlyInstanceOf(IpcException.class)
			.hasMessage("IPC client interceptor " + broken.getClass().getName() + " returned null for call 'add'");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void interceptorLimitedToNamedServersSkipsTheOthers(Transport transport) {
		IpcClientInterceptor billingOnly = new IpcClientInterceptor() {
			@Override
			public CompletionStage<Object> intercept(IpcClientCall call, Chain next) {
				ClientInterceptorTest.this.events.add("billing-only saw " + call.server());
				return next.proceed(call);
			}

			@Override
			public Set<String> servers() {
				return Set.of("billing");
			}
		};

		assertThat(calc(transport, "calc", billingOnly).add(1, 2)).isEqualTo(3);
		assertThat(this.events).isEmpty();
		assertThat(calc(transport, "billing", billingOnly).add(1, 2)).isEqualTo(3);
		assertThat(this.events).containsExactly("billing-only saw billing");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void optionsWithoutInterceptorsCallStraightThrough(Transport transport) {
		Calc calc = calc(transport, "");

		assertThat(calc.add(2, 2)).isEqualTo(4);
		assertThat(ClientOptions.defaults().interceptors()).isEmpty();
		assertThat(ClientOptions.defaults().server()).isEmpty();
		assertThat(new ClientOptions("", Duration.ofSeconds(1), Map.of()).withServer("x").server()).isEqualTo("x");
	}

}
