package dev.socketipc.sample.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcException;
import dev.socketipc.sample.listener.TickListener;
import dev.socketipc.testsupport.NodeProcess;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample client with an {@code @IpcListener} of {@code clock} ({@link TickListener})
 * and the streaming {@code count} against the seed article's server in Node.js
 * ({@code interop/seed-server.js --log-requests}, which lists no {@code features}): the
 * seed server receives nothing new (no {@code $subscribe}, no {@code "stream"}, no
 * {@code cancel}, no {@code ping}), the listener logs one warning naming the server and
 * the topic, a streaming method makes an ordinary call, and the seed's calls work.
 */
@Timeout(120)
@ExtendWith(OutputCaptureExtension.class)
class NodeSeedServerEventsInteropTest {

	private static final List<String> SEED_OUTPUT = List.of("1+2+3+4+5 = 15", "1*2*3*4*5 = 120");

	private static final Duration NODE_TIMEOUT = Duration.ofSeconds(30);

	private static final String RECEIVED = "seed-server: received ";

	private static final JsonMapper json = JsonMapper.builder().build();

	private Path socketDirectory;

	private NodeProcess.Running seedServer;

	private ConfigurableApplicationContext context;

	@AfterEach
	void stop() throws IOException {
		try {
			if (this.context != null) {
				this.context.close();
			}
			if (this.seedServer != null) {
				this.seedServer.close();
			}
		}
		finally {
			if (this.socketDirectory != null) {
				SocketPaths.deleteRecursively(this.socketDirectory);
			}
		}
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "unix", "tcp" })
	void theSeedServerSeesNothingNewTheListenerWarnsOnceAndCallsWork(String transport, CapturedOutput output)
			throws IOException {
		IpcAddress address = startSeedServer(transport);
		this.context = new SpringApplicationBuilder(SampleClientApplication.class, TickListener.class)
			.web(WebApplicationType.NONE)
			.run("--ipc.client.servers.sample-server.address=" + address);

		assertThat(NodeSeedServerInteropTest.runSeedDemo(this.context)).containsExactlyElementsOf(SEED_OUTPUT);
		CompletableFuture<List<Integer>> counted = collect(this.context.getBean(ClockClient.class).count(3));
		assertThat(counted).failsWithin(Duration.ofSeconds(30))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(IpcException.class)
			.withMessageContaining("count");
		// a streaming method of a method the seed server has: an ordinary call, its one
		// (non-array) answer published as one item
		IpcConnection connection = this.context.getBean(IpcClientRegistry.class).connection(address);
		SeedSum seedSum = IpcClientFactory.create(SeedSum.class, connection, ClientOptions.defaults());
		assertThat(collect(seedSum.sum(1, 2, 3))).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(List.of(6));
		assertThat(NodeSeedServerInteropTest.runSeedDemo(this.context)).as("calls still work")
			.containsExactlyElementsOf(SEED_OUTPUT);
		await().atMost(Duration.ofSeconds(30)).until(() -> warningsAbout(output, address).size() == 1);
		this.context.close();
		this.context = null;

		NodeProcess.Result seed = this.seedServer.terminate(NODE_TIMEOUT);
		List<JsonNode> received = seed.stderr()
			.lines()
			.filter((line) -> line.startsWith(RECEIVED))
			.map((line) -> json.readTree(line.substring(RECEIVED.length())))
			.toList();
		assertThat(received).as(seed::describe)
			.extracting((request) -> request.path("method").asString(""))
			.containsExactlyInAnyOrder("time", "add", "add", "time", "add");
		assertThat(received).as(seed::describe)
			.allSatisfy((request) -> assertThat(request.has("stream") || request.has("action") || request.has("meta"))
				.as("%s carries nothing new", request)
				.isFalse());
		assertThat(warningsAbout(output, address)).as("one warning for the listener").hasSize(1);
	}

	/**
	 * The seed server's {@code add} called as a streaming method.
	 */
	interface SeedSum {

		@IpcMethod("add")
		Flow.Publisher<Integer> sum(int... numbers);

	}

	private static List<String> warningsAbout(CapturedOutput output, IpcAddress address) {
		return output.getAll()
			.lines()
			.filter((line) -> line.contains("WARN") && line.contains("clock") && line.contains(address.toString()))
			.toList();
	}

	private static <T> CompletableFuture<List<T>> collect(Flow.Publisher<T> publisher) {
		CompletableFuture<List<T>> result = new CompletableFuture<>();
		publisher.subscribe(new Flow.Subscriber<T>() {

			private final List<T> items = new ArrayList<>();

			@Override
			public void onSubscribe(Flow.Subscription subscription) {
				subscription.request(Long.MAX_VALUE);
			}

			@Override
			public void onNext(T item) {
				this.items.add(item);
			}

			@Override
			public void onError(Throwable failure) {
				result.completeExceptionally(failure);
			}

			@Override
			public void onComplete() {
				result.complete(this.items);
			}

		});
		return result;
	}

	private IpcAddress startSeedServer(String transport) throws IOException {
		NodeProcess node = NodeProcess.require();
		String requested = switch (transport) {
			case "unix" -> {
				this.socketDirectory = SocketPaths.newSocketDirectory();
				yield "unix:" + this.socketDirectory.resolve("seed.sock");
			}
			case "tcp" -> "tcp://127.0.0.1:0";
			default -> throw new IllegalArgumentException("unknown transport " + transport);
		};
		this.seedServer = node.start(node.interopScript("seed-server.js").toString(), "--log-requests", requested);
		String line = this.seedServer.nextStdoutLine(NODE_TIMEOUT);
		assertThat(line).startsWith("listening ");
		return IpcAddress.parse(line.substring("listening ".length()));
	}

}
