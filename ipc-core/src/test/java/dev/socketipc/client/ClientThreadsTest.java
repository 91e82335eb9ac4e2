package dev.socketipc.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client threads never keep the JVM alive: a program that calls a server and returns from
 * {@code main}, closing nothing, exits by itself.
 */
class ClientThreadsTest {

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
	@EnumSource(Transport.class)
	void clientOnlyProgramExitsByItselfWhenMainReturns(Transport transport) throws Exception {
		this.server = ClientTestSockets.startServer(transport.bindAddress(this.directory), new CalcService());
		Path output = this.directory.resolve("child.out");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		this.child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xmx64m", "-cp",
				System.getProperty("java.class.path"), ClientOnlyMain.class.getName(), this.server.address().toString())
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
