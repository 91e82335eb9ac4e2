package dev.socketipc.autoconfigure.client.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client-only Spring Boot application (a {@code CommandLineRunner} tool) exits by
 * itself once it has run: the client's threads do not keep the JVM alive.
 */
class ClientOnlyApplicationTest {

	private Path directory;

	private IpcServer server;

	private Process child;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void stop() throws IOException {
		if (this.child != null) {
			this.child.destroyForcibly();
		}
		if (this.server != null) {
			this.server.stop();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	public static class CalcService {

		public int add(int a, int b) {
			return a + b;
		}

	}

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void commandLineRunnerToolExitsByItselfAfterItsCalls(String transport) throws Exception {
		IpcAddress requested = transport.equals("unix")
				? IpcAddress.parse("unix:" + this.directory.resolve("calc.sock"))
				: IpcAddress.parse("tcp://127.0.0.1:0");
		this.server = IpcServer.builder()
			.address(requested)
			.service(ServiceDefinition.of("", new CalcService()))
			.shutdownTimeout(Duration.ZERO)
			.build();
		this.server.start();
		Path output = this.directory.resolve("child.out");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		this.child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xmx128m", "-cp",
				System.getProperty("java.class.path"), ClientOnlyApplication.class.getName(),
				"--ipc.client.servers.calc.address=" + this.server.address(), "--spring.main.banner-mode=off")
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();

		// A non-daemon client thread kept such a JVM alive for ever; this bound only ends
		// the test.
		boolean exited = this.child.waitFor(60, TimeUnit.SECONDS);
		String printed = Files.readString(output, StandardCharsets.UTF_8);
		assertThat(exited).as("the child JVM exited by itself; it printed:%n%s", printed).isTrue();
		assertThat(this.child.exitValue()).as(printed).isZero();
		assertThat(printed).contains("sum=3");
	}

}
