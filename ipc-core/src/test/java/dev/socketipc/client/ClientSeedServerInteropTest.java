package dev.socketipc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.socketipc.testsupport.NodeProcess;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against the seed article's server written in Node.js from docs/protocol.md
 * ({@code interop/seed-server.js}), whose {@code register} lists no features: a
 * subscription sends no {@code $subscribe} and warns once, a stream is an ordinary call
 * whose answer is published, and calls keep working.
 */
@Timeout(120)
@ExtendWith(OutputCaptureExtension.class)
class ClientSeedServerInteropTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private Path directory;

	private NodeProcess.Running seedServer;

	private IpcConnection connection;

	@AfterEach
	void stop() throws Exception {
		if (this.connection != null) {
			this.connection.close();
		}
		if (this.seedServer != null) {
			this.seedServer.close();
		}
		if (this.directory != null) {
			SocketPaths.deleteRecursively(this.directory);
		}
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "unix", "tcp" })
	void aSubscriptionWarnsOnceAndSendsNothingWhileCallsAndStreamsWork(String transport, CapturedOutput output)
			throws Exception {
		this.connection = ClientTestSockets.connection(startSeedServer(transport));
		this.connection.subscribe("prices", Integer.class, (price) -> {
		});

		CompletableFuture<Object> sum = this.connection.call("add", new Object[] { 1, 2, 3, 4, 5 },
				this.connection.codec().mapper().constructType(Integer.class), WAIT);
		RecordingSubscriber<Object> items = new RecordingSubscriber<>(Long.MAX_VALUE);
		this.connection
			.stream("add", new Object[] { 1, 2 }, this.connection.codec().mapper().constructType(Integer.class), WAIT)
			.subscribe(items);

		assertThat(sum.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(15);
		items.awaitTermination();
		assertThat(items.items).containsExactly(3);
		assertThat(items.completed).isTrue();
		assertThat(this.connection.topics()).isEmpty();
		assertThat(ClientEventsTest.count(output.getAll(),
				"The server at " + this.connection.address()
						+ " does not offer events (its register lists no 'events' feature): the subscription to topic "
						+ "'prices' receives nothing from it; calls keep working"))
			.isOne();
		assertThat(output.getAll()).doesNotContain("$subscribe");
	}

	private IpcAddress startSeedServer(String transport) throws Exception {
		NodeProcess node = NodeProcess.require();
		String requested;
		if (transport.equals("unix")) {
			this.directory = SocketPaths.newSocketDirectory();
			requested = "unix:" + this.directory.resolve("seed.sock");
		}
		else {
			requested = "tcp://127.0.0.1:0";
		}
		this.seedServer = node.start(node.interopScript("seed-server.js").toString(), requested);
		String line = this.seedServer.nextStdoutLine(WAIT);
		assertThat(line).startsWith("listening ");
		return IpcAddress.parse(line.substring("listening ".length()));
	}

}
