package dev.socketipc.sample.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.NodeProcess;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the seed article's demo client, re-written in Node.js from docs/protocol.md
 * ({@code interop/seed-client.js}), against the real sample-server application over a
 * Unix socket and over TCP.
 */
@Timeout(120)
class NodeSeedClientInteropTest {

	private static final List<String> SEED_OUTPUT = List.of("1+2+3+4+5 = 15", "1*2*3*4*5 = 120");

	private static final Duration NODE_TIMEOUT = Duration.ofSeconds(30);

	private static final JsonMapper json = JsonMapper.builder().build();

	private Path socketDirectory;

	private ConfigurableApplicationContext context;

	@AfterEach
	void stopServer() throws IOException {
		try {
			if (this.context != null) {
				this.context.close();
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
	void seedClientPrintsBothResultsAfterItsMalformedLineIsAnsweredParseError(String transport) throws IOException {
		NodeProcess node = NodeProcess.require();
		IpcAddress address = startSampleServer(transport);

		NodeProcess.Result seed = node.run(NODE_TIMEOUT, node.interopScript("seed-client.js").toString(),
				address.toString());

		assertSeedClientSucceeded(seed);
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "unix", "tcp" })
	void javaClientKeepsItsOwnRequestIdsWhileTheSeedClientUsesTheSameOnes(String transport) throws IOException {
		NodeProcess node = NodeProcess.require();
		IpcAddress address = startSampleServer(transport);
		try (LineClient client = LineClient.connect(address.socketAddress())) {
			assertThat(readJson(client)).containsEntry("action", "register");
			// The seed client numbers its requests 1 and 2 as well: answers must stay on
			// their own connection.
			client.send("{\"rid\":1,\"method\":\"time\",\"args\":[2,3]}");

			NodeProcess.Result seed = node.run(NODE_TIMEOUT, node.interopScript("seed-client.js").toString(),
					address.toString());

			client.send("{\"rid\":2,\"method\":\"add\",\"args\":[10,20,30]}");
			Map<Object, Map<String, Object>> answers = new HashMap<>();
			for (int i = 0; i < 2; i++) {
				Map<String, Object> answer = readJson(client);
				answers.put(answer.get("rid"), answer);
			}
			assertThat(answers).containsOnlyKeys(1, 2);
			assertThat(answers.get(1)).containsEntry("success", true).containsEntry("data", 6);
			assertThat(answers.get(2)).containsEntry("success", true).containsEntry("data", 60);
			assertSeedClientSucceeded(seed);
		}
	}

	private IpcAddress startSampleServer(String transport) throws IOException {
		String address = switch (transport) {
			case "unix" -> {
				this.socketDirectory = SocketPaths.newSocketDirectory();
				yield "unix:" + this.socketDirectory.resolve("seed.sock");
			}
			case "tcp" -> "tcp://127.0.0.1:0";
			default -> throw new IllegalArgumentException("unknown transport " + transport);
		};
		this.context = new SpringApplicationBuilder(SampleServerApplication.class)
			.run("--ipc.server.address=" + address);
		IpcServer server = this.context.getBean(IpcServer.class);
		assertThat(server.isRunning()).isTrue();
		assertThat(server.methodNames()).contains("add", "time");
		IpcAddress bound = server.address();
		if (bound instanceof IpcAddress.Tcp tcp) {
			assertThat(tcp.port()).as("bound port").isPositive();
		}
		return bound;
	}

	private static void assertSeedClientSucceeded(NodeProcess.Result seed) {
		assertThat(seed.exitCode()).as(seed::describe).isZero();
		assertThat(seed.stdoutLines()).as(seed::describe).containsExactlyElementsOf(SEED_OUTPUT);
		assertThat(seed.stderr()).as(seed::describe).contains("PARSE_ERROR");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> readJson(LineClient client) {
		return json.readValue(client.readLine(), Map.class);
	}

}
