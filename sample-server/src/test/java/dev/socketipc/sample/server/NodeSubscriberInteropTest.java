package dev.socketipc.sample.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.NodeProcess;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code interop/subscriber.js}, a Node.js peer written from docs/protocol.md's
 * "Events" and "Streaming" sections alone, against the real sample-server application: it
 * subscribes to {@code clock}, streams {@code count}, gets the seed client's array and
 * cancels a stream, checking every line against the page.
 */
@Timeout(120)
class NodeSubscriberInteropTest {

	private static final Duration NODE_TIMEOUT = Duration.ofSeconds(60);

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
	void nodeSubscriberReceivesClockEventsAndCountItemsFromTheSampleServer(String transport) throws IOException {
		NodeProcess node = NodeProcess.require();
		IpcAddress address = startSampleServer(transport);

		NodeProcess.Result subscriber = node.run(NODE_TIMEOUT, node.interopScript("subscriber.js").toString(),
				address.toString(), "3");

		assertThat(subscriber.exitCode()).as(subscriber::describe).isZero();
		assertThat(subscriber.stdoutLines()).as(subscriber::describe)
			.satisfiesExactly(
					(line) -> assertThat(line).startsWith("register: features ")
						.contains("events,stream")
						.endsWith("; topics clock"),
					(line) -> assertThat(line).startsWith("clock: 3 events, seq 1..3, from "),
					(line) -> assertThat(line).startsWith("count(5) streamed: next 1,2,3,4,5, then {\"success\":true,"),
					(line) -> assertThat(line).isEqualTo("count(5) without stream: [1,2,3,4,5]"),
					(line) -> assertThat(line).startsWith("count(1000000000) cancelled after ").endsWith(": CANCELLED"),
					(line) -> assertThat(line).isEqualTo("subscriber: all checks passed"));
		assertThat(subscriber.stderr()).as(subscriber::describe).isEmpty();
	}

	private IpcAddress startSampleServer(String transport) throws IOException {
		String address = switch (transport) {
			case "unix" -> {
				this.socketDirectory = SocketPaths.newSocketDirectory();
				yield "unix:" + this.socketDirectory.resolve("sample.sock");
			}
			case "tcp" -> "tcp://127.0.0.1:0";
			default -> throw new IllegalArgumentException("unknown transport " + transport);
		};
		this.context = new SpringApplicationBuilder(SampleServerApplication.class).web(WebApplicationType.NONE)
			.run("--ipc.server.address=" + address);
		IpcServer server = this.context.getBean(IpcServer.class);
		assertThat(server.topics()).containsExactly("clock");
		return server.address();
	}

}
