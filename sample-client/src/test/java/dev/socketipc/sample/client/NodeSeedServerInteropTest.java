package dev.socketipc.sample.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcRemoteException;
import dev.socketipc.testsupport.NodeProcess;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real sample-client application, in-process, against the seed article's demo
 * server re-written in Node.js from docs/protocol.md ({@code interop/seed-server.js}),
 * over a Unix socket and over TCP. The Node server is seed-style: its {@code register}
 * carries no {@code protocol} and its failures no {@code code}.
 */
@Timeout(120)
class NodeSeedServerInteropTest {

	private static final List<String> SEED_OUTPUT = List.of("1+2+3+4+5 = 15", "1*2*3*4*5 = 120");

	private static final Duration NODE_TIMEOUT = Duration.ofSeconds(30);

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
	void sampleClientPrintsTheSeedLinesAgainstTheNodeSeedServer(String transport) throws IOException {
		IpcAddress address = startSeedServer(transport);

		this.context = startSampleClient(address);
		List<String> lines = runSeedDemo(this.context);

		assertThat(lines).containsExactlyElementsOf(SEED_OUTPUT);
		IpcConnection connection = this.context.getBean(IpcClientRegistry.class).connection(address);
		assertThat(connection.methods()).containsExactly("add", "time");
		assertThat(connection.pendingCalls()).isZero();
	}

	@Test
	void seedServerFailureWithoutCodeReachesTheCallerAsRemoteExceptionWithoutCode() throws IOException {
		IpcAddress address = startSeedServer("unix");
		this.context = startSampleClient(address);
		IpcConnection connection = this.context.getBean(IpcClientRegistry.class).connection(address);

		// add takes numbers only: the seed server answers
		// {"success":false,"rid":R,"error":"..."} without a code.
		assertThat(connection.call("add", new Object[] { "one" },
				JsonMapper.builder().build().constructType(Integer.class), Duration.ofSeconds(10)))
			.failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOfSatisfying(IpcRemoteException.class, (ex) -> {
				assertThat(ex.getMethod()).isEqualTo("add");
				assertThat(ex.getCode()).isNull();
				assertThat(ex.getRemoteMessage()).contains("argument 0").contains("number");
			});
		assertThat(runSeedDemo(this.context)).as("the connection stays usable").containsExactlyElementsOf(SEED_OUTPUT);
	}

	@Test
	void seedServerRemovesItsSocketFileAndExitsZeroOnSigterm() throws IOException {
		IpcAddress address = startSeedServer("unix");
		Path socket = ((IpcAddress.Unix) address).path();
		assertThat(socket).exists();

		NodeProcess.Result result = this.seedServer.terminate(NODE_TIMEOUT);

		assertThat(result.exitCode()).as(result::describe).isZero();
		assertThat(result.stdoutLines()).as("only the listening line on stdout").hasSize(1);
		assertThat(socket).as("socket file removed on SIGTERM").doesNotExist();
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
		this.seedServer = node.start(node.interopScript("seed-server.js").toString(), requested);
		String line = this.seedServer.nextStdoutLine(NODE_TIMEOUT);
		assertThat(line).startsWith("listening ");
		IpcAddress bound = IpcAddress.parse(line.substring("listening ".length()));
		if (bound instanceof IpcAddress.Tcp tcp) {
			assertThat(tcp.host()).isEqualTo("127.0.0.1");
			assertThat(tcp.port()).as("bound port").isPositive();
		}
		else {
			assertThat(bound.toString()).isEqualTo(requested);
		}
		return bound;
	}

	static ConfigurableApplicationContext startSampleClient(IpcAddress address, String... extraArgs) {
		String[] args = Stream
			.concat(Stream.of("--ipc.client.servers.sample-server.address=" + address), Stream.of(extraArgs))
			.toArray(String[]::new);
		return new SpringApplicationBuilder(SampleClientApplication.class).web(WebApplicationType.NONE).run(args);
	}

	static List<String> runSeedDemo(ConfigurableApplicationContext context) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
			new SeedDemo(context.getBean(Calculator.class)).run(out);
		}
		return bytes.toString(StandardCharsets.UTF_8).lines().toList();
	}

}
