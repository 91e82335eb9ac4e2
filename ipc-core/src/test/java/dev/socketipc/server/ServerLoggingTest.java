package dev.socketipc.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the server logs: one INFO line at start (address, methods abbreviated past 20, the
 * settings that differ from the defaults, the executor), connection events at DEBUG, and
 * nothing per call at INFO.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerLoggingTest {

	private final Logger connectionLogger = (Logger) LoggerFactory.getLogger(ServerConnection.class);

	private Path directory;

	private IpcServer server;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void cleanUp() throws IOException {
		this.connectionLogger.setLevel(null);
		if (this.server != null) {
			this.server.stop();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	@Test
	void startLogsOneInfoLineWithTheMethodsChangedLimitsAndExecutor(CapturedOutput output) throws IOException {
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			this.server = IpcServer.builder()
				.address(address())
				.service(ServiceDefinition.of("calc", manyMethods(25)))
				.maxLineLength(4096)
				.maxInFlight(8)
				.shutdownTimeout(Duration.ofSeconds(2))
				.executor(executor)
				.build();
			this.server.start();
			List<String> names = this.server.methodNames();
			try (LineClient client = LineClient.connectAndSkipRegister(this.server.address().socketAddress())) {
				client.call(1, names.get(0));
				assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":0}");
			}
			String first20 = String.join(", ", names.subList(0, 20));
			assertThat(infoLines(output)).containsExactly("IPC server listening on " + this.server.address()
					+ " with 25 method(s) [" + first20 + ", ... and 5 more]; max-line-length=4096, max-in-flight=8, "
					+ "shutdown-timeout=2s; executor: ThreadPoolExecutor; I/O with nio");
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void aServerWithDefaultsSaysSoAndListsAFewMethodsInFull(CapturedOutput output) {
		this.server = IpcServer.builder().address(address()).service(ServiceDefinition.of("", manyMethods(2))).build();
		this.server.start();

		assertThat(infoLines(output)).containsExactly("IPC server listening on " + this.server.address()
				+ " with 2 method(s) [method00, method01]; default limits; executor: the server's own cached thread "
				+ "pool; I/O with nio");
	}

	@Test
	void aServerWithTopicsListsThemAfterItsMethods(CapturedOutput output) {
		this.server = IpcServer.builder()
			.address(address())
			.service(ServiceDefinition.of("", manyMethods(1)))
			.topic("prices")
			.topic("alerts")
			.build();
		this.server.start();

		assertThat(infoLines(output)).containsExactly("IPC server listening on " + this.server.address()
				+ " with 1 method(s) [method00] and 2 topic(s) [prices, alerts]; default limits; executor: the server's "
				+ "own cached thread pool; I/O with nio");
	}

	@Test
	void aLocalServerLogsItsNameAndTheLocalPeerItReports(CapturedOutput output) {
		this.server = IpcServer.builder()
			.address(IpcAddress.parse("local:logging-test"))
			.service(ServiceDefinition.of("", manyMethods(1)))
			.localPeer(4242, 4343)
			.build();
		this.server.start();

		assertThat(infoLines(output)).containsExactly("IPC server listening on local:logging-test with 1 method(s) "
				+ "[method00]; local-peer=uid 4242/gid 4343; executor: the server's own cached thread pool");
	}

	@Test
	void connectionEventsAreLoggedAtDebug(CapturedOutput output) throws IOException {
		this.connectionLogger.setLevel(Level.DEBUG);
		this.server = IpcServer.builder().address(address()).service(ServiceDefinition.of("", manyMethods(1))).build();
		this.server.start();

		try (LineClient client = LineClient.connectAndSkipRegister(this.server.address().socketAddress())) {
			client.call(1, "method00");
			client.readLine();
		}

		await().atMost(Duration.ofSeconds(10))
			.until(() -> output.toString().matches("(?s).*Connection unix peer \\S+ closed.*"));
		assertThat(output).contains("DEBUG")
			.containsPattern("Accepted connection unix peer \\S+ \\(1 open\\)")
			.containsPattern("Connection unix peer \\S+ closed");
		assertThat(infoLines(output)).hasSize(1);
	}

	private IpcAddress address() {
		return new IpcAddress.Unix(SocketPaths.socketFile(this.directory, "log.sock"));
	}

	private static List<String> infoLines(CapturedOutput output) {
		return Arrays.stream(output.toString().split("\n"))
			.filter((line) -> line.contains(" INFO ") && line.contains("dev.socketipc.server.IpcServer"))
			.map((line) -> line.substring(line.indexOf(" - ") + 3))
			.toList();
	}

	/**
	 * A service of {@code count} methods named {@code method00}, {@code method01}, ...
	 */
	private static Object manyMethods(int count) {
		return switch (count) {
			case 1 -> new OneMethod();
			case 2 -> new TwoMethods();
			default -> new ManyMethods();
		};
	}

	public static final class OneMethod {

		public int method00() {
			return 0;
		}

	}

	public static final class TwoMethods {

		public int method00() {
			return 0;
		}

		public int method01() {
			return 1;
		}

	}

	public static final class ManyMethods {

		public int method00() {
			return 0;
		}

		public int method01() {
			return 1;
		}

		public int method02() {
			return 2;
		}

		public int method03() {
			return 3;
		}

		public int method04() {
			return 4;
		}

		public int method05() {
			return 5;
		}

		public int method06() {
			return 6;
		}

		public int method07() {
			return 7;
		}

		public int method08() {
			return 8;
		}

		public int method09() {
			return 9;
		}

		public int method10() {
			return 10;
		}

		public int method11() {
			return 11;
		}

		public int method12() {
			return 12;
		}

		public int method13() {
			return 13;
		}

		public int method14() {
			return 14;
		}

		public int method15() {
			return 15;
		}

		public int method16() {
			return 16;
		}

		public int method17() {
			return 17;
		}

		public int method18() {
			return 18;
		}

		public int method19() {
			return 19;
		}

		public int method20() {
			return 20;
		}

		public int method21() {
			return 21;
		}

		public int method22() {
			return 22;
		}

		public int method23() {
			return 23;
		}

		public int method24() {
			return 24;
		}

	}

}
