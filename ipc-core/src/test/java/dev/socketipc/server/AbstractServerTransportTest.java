package dev.socketipc.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcRemoteException;
import dev.socketipc.client.ReconnectBackoff;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.TestTransport;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The same end-to-end suite over every transport, each subclass binding an address of its
 * kind (a Unix socket, a TCP port, a {@code local:} name): one real server, real clients
 * writing and reading lines ({@link LineClient} speaks all three) or calling through an
 * {@link IpcConnection} proxy.
 */
abstract class AbstractServerTransportTest {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	ExecutorService executor;

	TransportService service;

	IpcServer server;

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<LineClient> clients = new ArrayList<>();

	private final List<IpcConnection> connections = new ArrayList<>();

	/** The address the server under test binds; called once per test. */
	abstract IpcAddress newAddress() throws IOException;

	/** Runs after every server stopped and every client closed. */
	void cleanUp() throws IOException {
	}

	/** The transport under test, for what differs between them (peer credentials). */
	abstract TestTransport transport();

	@BeforeEach
	void startServer() throws IOException {
		this.executor = Executors.newCachedThreadPool();
		this.service = new TransportService(this.executor);
		this.server = startServer(newAddress());
	}

	@AfterEach
	void stopServers() throws IOException {
		this.service.release.countDown();
		for (IpcConnection connection : this.connections) {
			connection.close();
		}
		for (LineClient client : this.clients) {
			client.close();
		}
		for (IpcServer started : this.servers) {
			started.stop();
		}
		this.executor.shutdownNow();
		cleanUp();
	}

	IpcServer startServer(IpcAddress address) {
		IpcServer started = newServer(address);
		started.start();
		return started;
	}

	/**
	 * Builds a server with the test service; it is stopped after the test whether it
	 * started or not.
	 */
	IpcServer newServer(IpcAddress address) {
		IpcServer built = IpcServer.builder()
			.address(address)
			.service(ServiceDefinition.of("", this.service))
			.executor(this.executor)
			.build();
		this.servers.add(built);
		return built;
	}

	LineClient connect() throws IOException {
		return track(LineClient.connectAndSkipRegister(this.server.address().socketAddress()));
	}

	LineClient connect(IpcServer target) throws IOException {
		return track(LineClient.connectAndSkipRegister(target.address().socketAddress()));
	}

	LineClient track(LineClient client) {
		synchronized (this.clients) {
			this.clients.add(client);
		}
		return client;
	}

	@Test
	void sendsRegisterWithTheMethodNamesFirst() throws IOException {
		LineClient client = track(LineClient.connect(this.server.address().socketAddress()));

		assertThat(client.readLine()).isEqualTo(
				"{\"action\":\"register\",\"methods\":[\"add\",\"echo\",\"fail\",\"peerUser\",\"slow\"],\"protocol\":1,\"features\":[\"ping\",\"meta\",\"events\",\"stream\"],\"topics\":[]}");
		assertThat(this.server.methodNames()).containsExactly("add", "echo", "fail", "peerUser", "slow");
	}

	@Test
	void answersACall() throws IOException {
		LineClient client = connect();

		client.send("{\"rid\":1,\"method\":\"add\",\"args\":[1,2,3,4,5]}");

		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":15}");
	}

	@Test
	void answersSeveralCallsOnOneConnection() throws IOException {
		LineClient client = connect();

		client.call(1, "echo", "first");
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"first\"}");
		client.call(2, "echo", "second");
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":2,\"data\":\"second\"}");
	}

	@Test
	void echoesTheLargestSafeIntegerRid() throws IOException {
		LineClient client = connect();

		client.send("{\"rid\":9007199254740991,\"method\":\"add\",\"args\":[2]}");

		String answer = client.readLine();
		assertThat(answer).isEqualTo("{\"success\":true,\"rid\":9007199254740991,\"data\":2}");
		assertThat(JsonMapper.shared().readTree(answer).get("rid").longValue()).isEqualTo((1L << 53) - 1);
	}

	@Test
	void echoesStringRidsAsStrings() throws IOException {
		LineClient client = connect();

		client.send("{\"rid\":\"req-1\",\"method\":\"add\",\"args\":[1]}");
		client.send("{\"rid\":\"42\",\"method\":\"add\",\"args\":[2]}");

		assertThat(List.of(client.readLine(), client.readLine())).containsExactlyInAnyOrder(
				"{\"success\":true,\"rid\":\"req-1\",\"data\":1}", "{\"success\":true,\"rid\":\"42\",\"data\":2}");
	}

	@Test
	void answersUnknownMethodWithItsRid() throws IOException {
		LineClient client = connect();

		client.send("{\"rid\":3,\"method\":\"nope\",\"args\":[]}");

		assertThat(client.readLine()).isEqualTo("{\"success\":false,\"rid\":3,"
				+ "\"error\":\"method 'nope' is not exposed by this server\",\"code\":\"METHOD_NOT_FOUND\"}");
	}

	@Test
	void runsNotificationWithoutAnswering() throws IOException {
		LineClient client = connect();

		client.send("{\"method\":\"slow\",\"args\":[\"notified\"]}");
		await().atMost(TIMEOUT).until(() -> this.service.slowEntered.get() == 1);
		client.call(1, "add", 1);

		assertThat(JsonMapper.shared().readTree(client.readLine()).get("rid").intValue()).isEqualTo(1);
		this.service.release.countDown();
		await().atMost(TIMEOUT).until(() -> this.service.slowFinished.get() == 1);
		client.call(2, "add", 2);
		assertThat(JsonMapper.shared().readTree(client.readLine()).get("rid").intValue())
			.as("no answer to the notification")
			.isEqualTo(2);
	}

	@Test
	void slowCallSentFirstDoesNotHoldBackAFastCallSentAfterIt() throws IOException {
		LineClient client = connect();

		client.write(LineClient.request(1, "slow", "slow") + "\n" + LineClient.request(2, "add", 1, 2) + "\n");

		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":2,\"data\":3}");
		assertThat(this.service.slowFinished).as("the slow call is still pending").hasValue(0);
		assertThat(client.hasPendingLine()).isFalse();

		this.service.release.countDown();

		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"slow\"}");
	}

	@Test
	void manyConcurrentClientsWithPipelinedCallsAllGetTheirOwnAnswers() throws Exception {
		int connections = 8;
		int calls = 200;
		ExecutorService clientThreads = Executors.newFixedThreadPool(connections);
		try {
			List<CompletableFuture<Map<Long, Integer>>> results = new ArrayList<>();
			for (int c = 0; c < connections; c++) {
				int connection = c;
				results.add(CompletableFuture.supplyAsync(() -> pipeline(connection, calls), clientThreads));
			}
			for (int c = 0; c < connections; c++) {
				Map<Long, Integer> answers = results.get(c).get(30, TimeUnit.SECONDS);
				Map<Long, Integer> expected = new HashMap<>();
				for (int i = 0; i < calls; i++) {
					expected.put(rid(c, i), c * 1000 + i);
				}
				assertThat(answers).as("answers on connection %d", c).isEqualTo(expected);
			}
		}
		finally {
			clientThreads.shutdownNow();
		}
	}

	private Map<Long, Integer> pipeline(int connection, int calls) {
		try {
			LineClient client = connect();
			StringBuilder lines = new StringBuilder();
			for (int i = 0; i < calls; i++) {
				lines.append(LineClient.request(rid(connection, i), "add", connection * 1000, i)).append('\n');
			}
			client.write(lines.toString());
			Map<Long, Integer> answers = new HashMap<>();
			for (JsonNode answer : client.readLines(calls).stream().map(JsonMapper.shared()::readTree).toList()) {
				assertThat(answer.get("success").booleanValue()).as("%s", answer).isTrue();
				answers.put(answer.get("rid").longValue(), answer.get("data").intValue());
			}
			return answers;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long rid(int connection, int call) {
		return connection * 100_000L + call;
	}

	@Test
	void malformedLineOnOneConnectionDoesNotDisturbAnother() throws IOException {
		LineClient broken = connect();
		LineClient healthy = connect();
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < 50; i++) {
			lines.append(LineClient.request(i, "add", i, 1)).append('\n');
		}

		healthy.write(lines.toString());
		broken.send("{\"rid\":1,\"method\":");

		JsonNode error = JsonMapper.shared().readTree(broken.readLine());
		assertThat(error.get("success").booleanValue()).isFalse();
		assertThat(error.has("rid")).as("a line that cannot be parsed is answered without rid").isFalse();
		assertThat(error.get("code").asString()).isEqualTo("PARSE_ERROR");
		Map<Integer, Integer> answers = new HashMap<>();
		for (JsonNode answer : healthy.readLines(50).stream().map(JsonMapper.shared()::readTree).toList()) {
			answers.put(answer.get("rid").intValue(), answer.get("data").intValue());
		}
		assertThat(answers).hasSize(50).allSatisfy((rid, sum) -> assertThat(sum).isEqualTo(rid + 1));

		broken.call(2, "add", 20, 22);
		assertThat(broken.readLine()).as("the broken connection stays usable")
			.isEqualTo("{\"success\":true,\"rid\":2,\"data\":42}");
	}

	@Test
	void clientDisconnectingMidCallDoesNotBreakTheServer() throws IOException {
		LineClient leaving = connect();
		leaving.call(1, "slow", "orphan");
		await().atMost(TIMEOUT).until(() -> this.service.slowEntered.get() == 1);

		leaving.close();
		this.service.release.countDown();
		await().atMost(TIMEOUT).until(() -> this.service.slowFinished.get() == 1);

		LineClient later = connect();
		later.call(2, "slow", "served");
		later.call(3, "add", 1, 2);
		assertThat(List.of(later.readLine(), later.readLine())).containsExactlyInAnyOrder(
				"{\"success\":true,\"rid\":2,\"data\":\"served\"}", "{\"success\":true,\"rid\":3,\"data\":3}");
		assertThat(this.server.isRunning()).isTrue();
	}

	@Test
	void answersAServiceErrorWithItsCode() throws IOException {
		LineClient client = connect();

		client.call(4, "fail", "OUT_OF_STOCK");

		assertThat(client.readLine()).isEqualTo(
				"{\"success\":false,\"rid\":4,\"error\":\"failed with OUT_OF_STOCK\",\"code\":\"OUT_OF_STOCK\"}");
		client.call(5, "add", 1, 1);
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":5,\"data\":2}");
	}

	@Test
	void lineOverTheLimitIsAnsweredTooLargeAndTheConnectionClosed() throws IOException {
		LineClient client = connect();

		client.send("{\"rid\":1,\"method\":\"echo\",\"args\":[\"" + "x".repeat(IpcServerBuilder.DEFAULT_MAX_LINE_LENGTH)
				+ "\"]}");

		assertThat(client.readLine()).isEqualTo("{\"success\":false,\"error\":\"line exceeds the server's "
				+ "max-line-length of " + IpcServerBuilder.DEFAULT_MAX_LINE_LENGTH
				+ " bytes; closing the connection\",\"code\":\"TOO_LARGE\"}");
		client.awaitEndOfStream();
		await().atMost(TIMEOUT).until(() -> this.server.statistics().tooLargeLines() == 1);
		LineClient next = connect();
		next.call(2, "add", 2);
		assertThat(next.readLine()).as("the server serves others").isEqualTo("{\"success\":true,\"rid\":2,\"data\":2}");
	}

	@Test
	void halfClosingClientGetsItsAnswersThenTheClose() throws IOException {
		LineClient client = connect();
		client.call(1, "slow", "last");
		client.call(2, "add", 3, 4);
		await().atMost(TIMEOUT).until(() -> this.service.slowEntered.get() == 1);

		client.shutdownOutput();
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":2,\"data\":7}");
		assertThat(client.sawEndOfStream()).as("still open while a call runs").isFalse();
		this.service.release.countDown();

		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"last\"}");
		client.awaitEndOfStream();
	}

	@Test
	void proxyCallsRoundTripThroughAnIpcConnection() {
		Calculator calculator = proxy(this.server.address());

		assertThat(calculator.add(1, 2, 3)).isEqualTo(6);
		assertThat(calculator.echo("héllo \"quoted\"\n")).isEqualTo("héllo \"quoted\"\n");
		assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(() -> calculator.fail("NO_WAY"))
			.satisfies((ex) -> assertThat(ex.getCodeName()).isEqualTo("NO_WAY"));
	}

	@Test
	void connectionReconnectsToAServerRestartedOnTheSameAddress() {
		IpcAddress address = this.server.address();
		Calculator calculator = proxy(address);
		assertThat(calculator.add(1)).isEqualTo(1);

		this.server.stop();
		IpcServer restarted = startServer(address);

		assertThat(restarted.address()).isEqualTo(address);
		await().atMost(TIMEOUT).ignoreExceptions().until(() -> calculator.add(2, 3) == 5);
	}

	@Test
	void servicesSeeThePeerCredentialsTheTransportKnows() {
		Calculator calculator = proxy(this.server.address());

		String expected = transport().knowsPeerCredentials() ? System.getProperty("user.name") : "unknown";
		assertThat(calculator.peerUser()).isEqualTo(expected);
	}

	Calculator proxy(IpcAddress address) {
		IpcConnection connection = IpcConnection.builder(address)
			.reconnectBackoff(new ReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 2.0, 0.2))
			.build();
		synchronized (this.connections) {
			this.connections.add(connection);
		}
		return IpcClientFactory.create(Calculator.class, connection, ClientOptions.defaults());
	}

	/** The client's view of {@link TransportService}. */
	public interface Calculator {

		int add(int... numbers);

		String echo(String text);

		int fail(String code);

		String peerUser();

	}

	/** The methods every transport test calls. */
	public static final class TransportService {

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger slowEntered = new AtomicInteger();

		final AtomicInteger slowFinished = new AtomicInteger();

		private final ExecutorService executor;

		TransportService(ExecutorService executor) {
			this.executor = executor;
		}

		public int add(int... numbers) {
			int sum = 0;
			for (int number : numbers) {
				sum += number;
			}
			return sum;
		}

		public String echo(String text) {
			return text;
		}

		public int fail(String code) {
			throw new IpcServiceException(code, "failed with " + code, null);
		}

		/** The name of the peer's user as the server knows it, or "unknown". */
		public String peerUser() {
			return IpcPeer.current()
				.flatMap(IpcPeer::credentials)
				.map((credentials) -> credentials.user().getName())
				.orElse("unknown");
		}

		/** Completes with the label once the test releases the latch. */
		public CompletableFuture<String> slow(String label) {
			this.slowEntered.incrementAndGet();
			return CompletableFuture.supplyAsync(() -> {
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
				this.slowFinished.incrementAndGet();
				return label;
			}, this.executor);
		}

	}

}
