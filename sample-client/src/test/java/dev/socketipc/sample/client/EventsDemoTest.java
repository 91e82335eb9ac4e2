package dev.socketipc.sample.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.socketipc.sample.server.SampleServerApplication;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample client's {@code --demo=events} against the real sample server, both
 * in-process (and the client's {@code main} in a child JVM): three ticks of
 * {@code clock}, then {@code count(3)} item by item; the subscription ends with the demo.
 */
@Timeout(120)
class EventsDemoTest {

	private static final List<String> COUNT_OUTPUT = List.of("count(3): 1", "count(3): 2", "count(3): 3");

	private Path socketDirectory;

	private ConfigurableApplicationContext server;

	private ConfigurableApplicationContext client;

	@AfterEach
	void stop() throws IOException {
		try {
			if (this.client != null) {
				this.client.close();
			}
			if (this.server != null) {
				this.server.close();
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
	void printsThreeTicksThenTheStreamedCountAndUnsubscribes(String transport) throws IOException {
		IpcAddress address = startSampleServer(transport);
		this.client = NodeSeedServerInteropTest.startSampleClient(address, "--demo=events");

		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
			SampleClientApplication.runDemo(this.client, out);
		}

		List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
		assertTicks(lines);
		assertThat(lines.subList(3, lines.size())).containsExactlyElementsOf(COUNT_OUTPUT);
		// the demo cancelled its subscription after three ticks: $unsubscribe
		IpcServer ipcServer = this.server.getBean(IpcServer.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> ipcServer.events().subscribers("clock") == 0);
	}

	@Test
	void mainRunsTheEventsDemoAndTheJvmExitsByItselfWithStatus0() throws Exception {
		IpcAddress address = startSampleServer("unix");

		ChildJvm child = ChildJvm.run(this.socketDirectory, "--ipc.client.servers.sample-server.address=" + address,
				"--demo=events");

		assertThat(child.exitStatus()).as(child.output()).isZero();
		List<String> lines = child.output().lines().toList();
		assertTicks(lines);
		assertThat(lines.subList(3, lines.size())).as(child.output()).containsExactlyElementsOf(COUNT_OUTPUT);
	}

	@Test
	void mainRefusesAnUnknownDemoInOneLineWithStatus1() throws Exception {
		IpcAddress address = startSampleServer("unix");

		ChildJvm child = ChildJvm.run(this.socketDirectory, "--ipc.client.servers.sample-server.address=" + address,
				"--demo=clocks");

		assertThat(child.exitStatus()).as(child.output()).isEqualTo(1);
		assertThat(child.output()).contains("sample-client: --demo must be 'seed' or 'events', not 'clocks'")
			.doesNotContain("\tat ");
	}

	private static void assertTicks(List<String> lines) {
		assertThat(lines).as("output").hasSizeGreaterThanOrEqualTo(3);
		for (int i = 0; i < 3; i++) {
			String prefix = "clock: tick " + (i + 1) + " at ";
			assertThat(lines.get(i)).startsWith(prefix);
			assertThat(Instant.parse(lines.get(i).substring(prefix.length()))).isNotNull();
		}
	}

	private IpcAddress startSampleServer(String transport) throws IOException {
		this.socketDirectory = SocketPaths.newSocketDirectory();
		String requested = switch (transport) {
			case "unix" -> "unix:" + this.socketDirectory.resolve("sample.sock");
			case "tcp" -> "tcp://127.0.0.1:0";
			default -> throw new IllegalArgumentException("unknown transport " + transport);
		};
		this.server = new SpringApplicationBuilder(SampleServerApplication.class).web(WebApplicationType.NONE)
			.run("--ipc.server.address=" + requested, "--spring.application.name=sample-server");
		return this.server.getBean(IpcServer.class).address();
	}

}
