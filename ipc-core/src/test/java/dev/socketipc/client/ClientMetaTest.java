package dev.socketipc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.ScriptedServer.OnAccept;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The {@code meta} an interceptor puts on a call: written only to a server whose current
 * {@code register} listed {@code meta}, so a seed server never sees it; decided when the
 * request is written, so a call parked before the register follows that register.
 */
class ClientMetaTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final Map<String, String> TRACE = Map.of("traceparent",
			"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

	private static final String CURRENT_REGISTER = "{\"action\":\"register\",\"methods\":[\"add\"],\"protocol\":1,"
			+ "\"features\":[\"ping\",\"meta\"]}";

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final List<IpcClientCall> calls = new CopyOnWriteArrayList<>();

	private Path directory;

	interface Calc {

		CompletableFuture<Integer> add(int a, int b);

	}

	public static class CalcService {

		public int add(int a, int b) {
			return a + b;
		}

	}

	@BeforeEach
	void createDirectory() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void cleanUp() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"action\":\"register\",\"methods\":[\"add\"]}",
			"{\"action\":\"register\",\"methods\":[\"add\"],\"protocol\":1}",
			"{\"action\":\"register\",\"methods\":[\"add\"],\"protocol\":1,\"features\":[\"ping\"]}" })
	void aServerThatDidNotListMetaNeverSeesIt(String register) throws Exception {
		ScriptedServer raw = ScriptedServer.start(Transport.UNIX.bindAddress(this.directory).socketAddress(), register);
		this.resources.add(raw);
		Calc calc = calc(ClientTestSockets.addressOf(raw));

		CompletableFuture<Integer> sum = calc.add(2, 3);

		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"add\",\"args\":[2,3]}");
		raw.send("{\"success\":true,\"rid\":1,\"data\":5}");
		assertThat(sum.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(5);
		assertThat(this.calls).singleElement().satisfies((call) -> assertThat(call.meta()).isEqualTo(TRACE));
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aServerThatListedMetaGetsItInTheRequest(Transport transport) throws Exception {
		ScriptedServer raw = ScriptedServer.start(transport.bindAddress(this.directory).socketAddress(),
				CURRENT_REGISTER);
		this.resources.add(raw);
		Calc calc = calc(ClientTestSockets.addressOf(raw));

		CompletableFuture<Integer> sum = calc.add(2, 3);

		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"add\",\"args\":[2,3],\"meta\":{\"traceparent\":"
				+ "\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"}}");
		raw.send("{\"success\":true,\"rid\":1,\"data\":5}");
		assertThat(sum.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(5);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aParkedCallFollowsTheRegisterThatArrivesAfterIt(Transport transport) throws Exception {
		ScriptedServer raw = ScriptedServer.start(transport.bindAddress(this.directory).socketAddress(), OnAccept.WAIT,
				CURRENT_REGISTER);
		this.resources.add(raw);
		Calc calc = calc(ClientTestSockets.addressOf(raw));

		CompletableFuture<Integer> sum = calc.add(4, 5);
		org.awaitility.Awaitility.await().atMost(WAIT).until(raw::hasClient);
		raw.sendRegister();

		assertThat(raw.nextLine())
			.startsWith("{\"rid\":1,\"method\":\"add\",\"args\":[4,5],\"meta\":{\"traceparent\":");
		raw.send("{\"success\":true,\"rid\":1,\"data\":9}");
		assertThat(sum.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(9);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void theJavaServerInterceptorSeesTheMetaAndTheCallKnowsItsAddress(Transport transport) throws Exception {
		List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
		IpcServer server = IpcServer.builder()
			.address(transport.bindAddress(this.directory))
			.service(ServiceDefinition.of("", new CalcService()))
			.interceptor((call) -> {
				seen.add(call.meta());
				return call.proceed();
			})
			.build();
		server.start();
		this.resources.add(server::stop);
		Calc calc = calc(server.address());

		assertThat(calc.add(1, 2).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(3);

		assertThat(seen).containsExactly(TRACE);
		assertThat(this.calls).singleElement()
			.satisfies((call) -> assertThat(call.address()).isEqualTo(server.address()));
	}

	@org.junit.jupiter.api.Test
	void withMetaCopiesAndRefusesNulls() {
		IpcClientCall call = new IpcClientCall("s", "add", null, new Object[0], new IpcAddress.Tcp("127.0.0.1", 1),
				Map.of());
		java.util.HashMap<String, String> meta = new java.util.HashMap<>(TRACE);
		IpcClientCall traced = call.withMeta(meta);
		meta.put("other", "x");
		assertThat(call.meta()).isEmpty();
		assertThat(traced.meta()).isEqualTo(TRACE);
		assertThat(traced.withArguments(1).meta()).isEqualTo(TRACE);
		java.util.HashMap<String, String> broken = new java.util.HashMap<>();
		broken.put("tracestate", null);
		assertThatIllegalArgumentException().isThrownBy(() -> call.withMeta(broken))
			.withMessage("IpcClientCall meta must not hold null keys or values, got tracestate=null");
	}

	/** A proxy whose one interceptor records the call and adds the trace meta. */
	private Calc calc(IpcAddress address) {
		IpcConnection connection = ClientTestSockets.connection(address);
		this.resources.add(connection);
		IpcClientInterceptor tracing = (call, next) -> {
			IpcClientCall traced = call.withMeta(TRACE);
			this.calls.add(traced);
			return next.proceed(traced);
		};
		return IpcClientFactory.create(Calc.class, connection,
				ClientOptions.defaults().withInterceptors(List.of(tracing)));
	}

}
