package dev.socketipc.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link IpcServerObserver} over a real Unix socket: one start and exactly one end per
 * request line with a method, with the code actually answered, for every outcome and for
 * notifications; the scope around the method on its thread; observers that throw lose no
 * call.
 */
class ServerObserverTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final ExecutorService pool = Executors.newCachedThreadPool();

	private final AtomicBoolean rejecting = new AtomicBoolean();

	private final CountDownLatch release = new CountDownLatch(1);

	private Path directory;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void cleanUp() throws Exception {
		this.release.countDown();
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		this.pool.shutdownNow();
		SocketPaths.deleteRecursively(this.directory);
	}

	@Test
	void eachOutcomeEndsOnceWithTheCodeAnswered() throws IOException {
		IpcServer server = start(recording("a"));
		LineClient client = connect(server);
		String[][] cases = { { "add", "1,2", "OK", "null" }, { "nope", "", "METHOD_NOT_FOUND", "null" },
				{ "add", "\"x\",2", "INVALID_ARGUMENTS", "null" },
				{ "fail", "", "SERVICE_ERROR", "IllegalStateException" },
				{ "sold", "", "OUT_OF_STOCK", "IpcServiceException" },
				{ "soldLater", "", "OUT_OF_STOCK", "IpcServiceException" },
				{ "unwritable", "", "INTERNAL_ERROR", "DatabindException" } };
		int rid = 0;
		for (String[] c : cases) {
			rid++;
			this.events.clear();
			client.send("{\"rid\":" + rid + ",\"method\":\"" + c[0] + "\",\"args\":[" + c[1] + "]}");
			assertThat(client.readLine()).contains("\"rid\":" + rid + ",")
				.contains(c[2].equals("OK") ? "\"success\":true" : "\"code\":\"" + c[2] + "\"");
			await().atMost(WAIT).until(() -> this.events.stream().anyMatch((e) -> e.startsWith("a ended")));
			assertThat(this.events.get(0)).isEqualTo("a started " + c[0] + " known=" + !c[2].equals("METHOD_NOT_FOUND")
					+ " notification=false meta={} server=" + server.address());
			assertThat(this.events.stream().filter((e) -> e.startsWith("a ended")))
				.containsExactly("a ended " + c[0] + " " + c[2] + " " + c[3]);
		}
	}

	@Test
	void notificationsAreObservedThoughNothingIsAnswered() throws IOException {
		IpcServer server = start(recording("a"));
		LineClient client = connect(server);

		client.send("{\"method\":\"add\",\"args\":[1,2],\"meta\":{\"k\":\"v\"}}");
		client.send("{\"method\":\"fail\"}");
		client.send("{\"method\":\"nope\"}");
		assertThat(client.readLine()).isEqualTo(
				"{\"success\":false,\"error\":\"method 'nope' is not exposed by this server\",\"code\":\"METHOD_NOT_FOUND\"}");

		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(this.events.stream().filter((e) -> e.startsWith("a ended")))
				.containsExactlyInAnyOrder("a ended add OK null", "a ended fail SERVICE_ERROR IllegalStateException",
						"a ended nope METHOD_NOT_FOUND null"));
		assertThat(this.events).contains(
				"a started add known=true notification=true meta={k=v} server=" + server.address(),
				"a started nope known=false notification=true meta={} server=" + server.address());
	}

	@Test
	void theScopeIsOpenAroundTheMethodOnItsThread() throws IOException {
		List<String> threads = new CopyOnWriteArrayList<>();
		IpcServer server = start((request) -> new IpcServerObserver.CallObservation() {
			@Override
			public IpcServerObserver.Scope openScope() {
				threads.add("open " + Thread.currentThread().getName());
				return () -> threads.add("close " + Thread.currentThread().getName());
			}

			@Override
			public void callEnded(String code, Throwable failure) {
				threads.add("ended " + code);
			}
		});
		LineClient client = connect(server);

		client.call(1, "where");

		String answer = client.readLine();
		String thread = answer.substring(answer.indexOf("\"data\":\"") + 8, answer.lastIndexOf('"'));
		await().atMost(WAIT).until(() -> threads.size() == 3);
		assertThat(threads).containsExactly("open " + thread, "close " + thread, "ended OK");
	}

	@Test
	void overloadedIsObservedWithoutAScope() throws IOException {
		IpcServer server = start(recording("a"));
		LineClient client = connect(server);
		this.rejecting.set(true);

		client.call(1, "add", 1, 2);

		assertThat(client.readLine()).contains("\"code\":\"OVERLOADED\"");
		await().atMost(WAIT).until(() -> this.events.contains("a ended add OVERLOADED null"));
		assertThat(this.events).noneMatch((e) -> e.startsWith("a scope"));
	}

	@Test
	void aCallStillRunningWhenTheServerStopsEndsOnceAsShuttingDown() throws Exception {
		IpcServer server = start(IpcServer.builder().shutdownTimeout(Duration.ZERO), recording("a"));
		LineClient client = connect(server);
		client.call(1, "hold");
		await().atMost(WAIT).until(() -> this.events.contains("a scope hold"));

		server.stop();

		assertThat(client.readLine()).contains("\"rid\":1,").contains("\"code\":\"SHUTTING_DOWN\"");
		this.release.countDown();
		await().atMost(WAIT).until(() -> this.events.contains("a ended hold SHUTTING_DOWN null"));
		await().pollDelay(Duration.ofMillis(200))
			.atMost(WAIT)
			.untilAsserted(() -> assertThat(this.events.stream().filter((e) -> e.startsWith("a ended"))).hasSize(1));
	}

	@Test
	void observersApplyInOrderAndOneThatThrowsLosesNoCall() throws IOException {
		IpcServerObserver throwsOnStart = (request) -> {
			throw new IllegalStateException("observer broke");
		};
		IpcServerObserver throwsLater = (request) -> new IpcServerObserver.CallObservation() {
			@Override
			public IpcServerObserver.Scope openScope() {
				throw new IllegalStateException("scope broke");
			}

			@Override
			public void callEnded(String code, Throwable failure) {
				throw new IllegalStateException("end broke");
			}
		};
		IpcServer server = start(IpcServer.builder()
			.observer(recording("a"))
			.observer(throwsOnStart)
			.observer(throwsLater)
			.observer(recording("b")), null);
		LineClient client = connect(server);

		client.call(1, "add", 2, 3);
		client.call(2, "nope");

		assertThat(client.readLines(2)).containsExactlyInAnyOrder("{\"success\":true,\"rid\":1,\"data\":5}",
				"{\"success\":false,\"rid\":2,\"error\":\"method 'nope' is not exposed by this server\","
						+ "\"code\":\"METHOD_NOT_FOUND\"}");
		await().atMost(WAIT).until(() -> this.events.contains("b ended nope METHOD_NOT_FOUND null"));
		assertThat(this.events).containsSubsequence("a started add", "b started add", "a scope add", "b scope add",
				"a ended add OK null", "b ended add OK null");
	}

	/** An observer that records what it sees, each event prefixed by its name. */
	private IpcServerObserver recording(String name) {
		return (request) -> {
			this.events.add(name + " started " + request.method() + " known=" + request.known() + " notification="
					+ request.notification() + " meta=" + request.meta() + " server=" + request.serverAddress());
			this.events.add(name + " started " + request.method());
			return new IpcServerObserver.CallObservation() {
				@Override
				public IpcServerObserver.Scope openScope() {
					ServerObserverTest.this.events.add(name + " scope " + request.method());
					return IpcServerObserver.Scope.NONE;
				}

				@Override
				public void callEnded(String code, Throwable failure) {
					ServerObserverTest.this.events.add(name + " ended " + request.method() + " " + code + " "
							+ ((failure != null) ? failure.getClass().getSimpleName() : "null"));
				}
			};
		};
	}

	private IpcServer start(IpcServerObserver observer) {
		return start(IpcServer.builder(), observer);
	}

	private IpcServer start(IpcServerBuilder builder, IpcServerObserver observer) {
		if (observer != null) {
			builder.observer(observer);
		}
		IpcServer server = builder.address(new IpcAddress.Unix(SocketPaths.socketFile(this.directory, "obs.sock")))
			.service(ServiceDefinition.of("", new Service(this.release)))
			.executor((task) -> {
				if (this.rejecting.get()) {
					throw new RejectedExecutionException("full");
				}
				this.pool.execute(task);
			})
			.build();
		server.start();
		this.resources.add(server::stop);
		return server;
	}

	private LineClient connect(IpcServer server) throws IOException {
		LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress());
		this.resources.add(client);
		return client;
	}

	public static final class Service {

		private final CountDownLatch release;

		Service(CountDownLatch release) {
			this.release = release;
		}

		public int add(int a, int b) {
			return a + b;
		}

		public void fail() {
			throw new IllegalStateException("broken");
		}

		public void sold() {
			throw new IpcServiceException("OUT_OF_STOCK", "none left", null);
		}

		public CompletableFuture<Void> soldLater() {
			return CompletableFuture.failedFuture(new IpcServiceException("OUT_OF_STOCK", "none left", null));
		}

		public Object unwritable() {
			return new Object() {
				public String getValue() {
					throw new IllegalStateException("cannot read");
				}
			};
		}

		public String where() {
			return Thread.currentThread().getName();
		}

		public void hold() throws InterruptedException {
			this.release.await(10, TimeUnit.SECONDS);
		}

	}

}
