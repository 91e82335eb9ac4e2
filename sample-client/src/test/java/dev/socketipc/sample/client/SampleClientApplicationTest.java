package dev.socketipc.sample.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.client.IpcException;
import dev.socketipc.client.IpcConnectionException;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Runs the sample-client application in-process: against the real sample-server
 * application (also in-process), and against an address where no server listens.
 */
@Timeout(120)
class SampleClientApplicationTest {

	private static final List<String> SEED_OUTPUT = List.of("1+2+3+4+5 = 15", "1*2*3*4*5 = 120");

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
	void printsTheSeedLinesAgainstTheSampleServerApplication(String transport) throws IOException {
		String requested = switch (transport) {
			case "unix" -> "unix:" + socketDirectory().resolve("seed.sock");
			case "tcp" -> "tcp://127.0.0.1:0";
			default -> throw new IllegalArgumentException("unknown transport " + transport);
		};
		this.server = new SpringApplicationBuilder(SampleServerApplication.class).web(WebApplicationType.NONE)
			.run("--ipc.server.address=" + requested, "--spring.application.name=sample-server");
		IpcAddress address = this.server.getBean(IpcServer.class).address();

		this.client = startSampleClient(address);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
			new SeedDemo(this.client.getBean(Calculator.class)).run(out);
		}

		assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactlyElementsOf(SEED_OUTPUT);
		assertThat(this.client.getBean(IpcClientRegistry.class).connection(address).methods())
			.containsExactlyInAnyOrder("add", "count", "time", "save", "put", "get");
	}

	@Test
	void printsTheSeedLinesWithNoAddressConfiguredOnEitherSide() {
		// only the name sample-server.jar would read from its own application.yml,
		// shadowed here by sample-client's
		this.server = new SpringApplicationBuilder(SampleServerApplication.class).web(WebApplicationType.NONE)
			.run("--spring.application.name=sample-server");
		IpcAddress address = this.server.getBean(IpcServer.class).address();
		this.client = new SpringApplicationBuilder(SampleClientApplication.class).web(WebApplicationType.NONE).run();

		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
			new SeedDemo(this.client.getBean(Calculator.class)).run(out);
		}

		assertThat(address.toString()).endsWith("/sample-server.sock");
		assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactlyElementsOf(SEED_OUTPUT);
		assertThat(this.client.getBean(IpcClientRegistry.class).connection(address)).as("the client's connection")
			.isNotNull();
	}

	@Test
	void reportsAnUnreachableServerWithAnIpcExceptionNamingTheAddress() throws IOException {
		IpcAddress nowhere = IpcAddress.parse("unix:" + socketDirectory().resolve("nobody.sock"));

		this.client = startSampleClient(nowhere, "--ipc.client.servers.sample-server.timeout=500ms");
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		SeedDemo demo = new SeedDemo(this.client.getBean(Calculator.class));

		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> {
			try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
				demo.run(out);
			}
		})
			// Fails fast: the server is unavailable, so the call does not wait its
			// timeout.
			.isInstanceOf(IpcConnectionException.class)
			.withMessageContaining(nowhere.toString())
			.withMessageContaining("is unavailable");
		assertThat(bytes.toString(StandardCharsets.UTF_8)).as("nothing printed").isEmpty();
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "unix", "tcp" })
	void mainPrintsTheSeedLinesAndTheJvmExitsByItselfWithStatus0(String transport) throws Exception {
		String requested = switch (transport) {
			case "unix" -> "unix:" + socketDirectory().resolve("seed.sock");
			case "tcp" -> "tcp://127.0.0.1:0";
			default -> throw new IllegalArgumentException("unknown transport " + transport);
		};
		this.server = new SpringApplicationBuilder(SampleServerApplication.class).web(WebApplicationType.NONE)
			.run("--ipc.server.address=" + requested, "--spring.application.name=sample-server");
		IpcAddress address = this.server.getBean(IpcServer.class).address();

		ChildJvm child = ChildJvm.run(socketDirectory(), "--ipc.client.servers.sample-server.address=" + address);

		assertThat(child.exitStatus()).as(child.output()).isZero();
		// exactly the seed's two lines: the events client (ClockClient) adds nothing
		assertThat(child.output().lines()).containsExactlyElementsOf(SEED_OUTPUT);
	}

	@Test
	void mainReportsAnUnreachableServerInOneLineAndTheJvmExitsByItselfWithStatus1() throws Exception {
		IpcAddress nowhere = IpcAddress.parse("unix:" + socketDirectory().resolve("nobody.sock"));

		ChildJvm child = ChildJvm.run(socketDirectory(), "--ipc.client.servers.sample-server.address=" + nowhere);

		assertThat(child.exitStatus()).as(child.output()).isEqualTo(1);
		assertThat(child.output().lines().filter((line) -> line.contains("sample-client: "))).singleElement()
			.asString()
			.contains(nowhere.toString())
			.contains("is unavailable");
		assertThat(child.output()).doesNotContain("\tat ");
	}

	private Path socketDirectory() throws IOException {
		if (this.socketDirectory == null) {
			this.socketDirectory = SocketPaths.newSocketDirectory();
		}
		return this.socketDirectory;
	}

	private static ConfigurableApplicationContext startSampleClient(IpcAddress address, String... extraArgs) {
		return NodeSeedServerInteropTest.startSampleClient(address, extraArgs);
	}

}
