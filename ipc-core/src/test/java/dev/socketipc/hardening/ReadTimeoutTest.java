package dev.socketipc.hardening;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.hardening.TestSockets.Transport;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code read-timeout} against slow-loris peers: a line left incomplete for longer than
 * the timeout closes its connection even while bytes keep trickling in, but pauses
 * between complete lines never do.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadTimeoutTest {

	private static final Duration READ_TIMEOUT = Duration.ofMillis(300);

	private Path directory;

	private ScheduledExecutorService trickler;

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<LineClient> clients = new ArrayList<>();

	@BeforeEach
	void setUp() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		this.trickler = Executors.newSingleThreadScheduledExecutor();
	}

	@AfterEach
	void tearDown() throws IOException {
		this.trickler.shutdownNow();
		for (LineClient client : this.clients) {
			client.close();
		}
		this.servers.forEach(IpcServer::stop);
		SocketPaths.deleteRecursively(this.directory);
	}

	private IpcServer startServer(Transport transport) {
		IpcServer server = IpcServer.builder()
			.address(transport.bindAddress(this.directory))
			.service(ServiceDefinition.of("", new EchoService()))
			.readTimeout(READ_TIMEOUT)
			.build();
		this.servers.add(server);
		server.start();
		return server;
	}

	private LineClient connect(IpcServer server) throws IOException {
		LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress());
		this.clients.add(client);
		return client;
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void lineTricklingOneByteEvery50msWithoutANewlineIsClosedAfterTheReadTimeout(Transport transport,
			CapturedOutput output) throws IOException {
		IpcServer server = startServer(transport);
		LineClient client = connect(server);
		byte[] endless = "{\"rid\":1,\"method\":\"echo\",\"args\":[\"".getBytes(StandardCharsets.UTF_8);
		AtomicInteger written = new AtomicInteger();
		this.trickler.scheduleAtFixedRate(() -> {
			int next = written.getAndIncrement();
			byte b = (next < endless.length) ? endless[next] : (byte) 'a';
			// Throws once the server closed the connection, which ends the trickle.
			client.write(String.valueOf((char) b));
		}, 0, 50, TimeUnit.MILLISECONDS);

		await().atMost(TestSockets.WAIT).until(client::sawEndOfStream);

		assertThat(client.isClosedByServer()).as("closed without an answer").isTrue();
		assertThat(output).contains("a line stayed incomplete for longer than read-timeout (300 ms)");
		await().atMost(TestSockets.WAIT).until(() -> server.connectionCount() == 0);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void slowClientSendingWholeLinesWithPausesLongerThanTheReadTimeoutIsNotClosed(Transport transport,
			CapturedOutput output) throws IOException {
		IpcServer server = startServer(transport);
		LineClient client = connect(server);

		for (int i = 1; i <= 2; i++) {
			client.call(i, "echo", "line " + i);
			assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":" + i + ",\"data\":\"line " + i + "\"}");
			// A pause of one and a half read timeouts with no line in progress.
			await().during(READ_TIMEOUT.multipliedBy(3).dividedBy(2))
				.atMost(TestSockets.WAIT)
				.until(() -> !client.sawEndOfStream() && server.connectionCount() == 1);
		}

		client.call(3, "echo", "still open");
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":3,\"data\":\"still open\"}");
		assertThat(output).doesNotContain("stayed incomplete");
	}

	/** Echoes its argument. */
	static final class EchoService {

		public String echo(String text) {
			return text;
		}

	}

}
