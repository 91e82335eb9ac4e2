package dev.socketipc.sample.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.socketipc.server.IpcServer;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the sample application and talks to it as the seed article's client does, over its Unix socket.
 */
@SpringBootTest
@DirtiesContext
class SampleServerApplicationTest {

	private static final Path SOCKET = Path.of("/tmp",
			"ipc-sample-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".sock");

	@Autowired
	private IpcServer server;

	@DynamicPropertySource
	static void socketAddress(DynamicPropertyRegistry registry) {
		registry.add("ipc.server.address", () -> "unix:" + SOCKET);
	}

	@Test
	void serverListensOnTheConfiguredUnixSocket() {
		assertThat(this.server.isRunning()).isTrue();
		assertThat(this.server.address()).isEqualTo(new IpcAddress.Unix(SOCKET));
	}

	@Test
	void registerMessageListsAddAndTime() throws IOException {
		try (LineClient client = new LineClient(this.server.address())) {
			JsonNode register = client.nextMessage();
			assertThat(register.get("action").asString()).isEqualTo("register");
			assertThat(register.get("methods").valueStream().map(JsonNode::asString))
				.containsExactlyInAnyOrder("add", "time");
		}
	}

	@Test
	void addSumsItsArguments() throws IOException {
		try (LineClient client = new LineClient(this.server.address())) {
			client.nextMessage();
			client.send("{\"rid\":1,\"method\":\"add\",\"args\":[1,2,3,4,5]}");
			JsonNode answer = client.nextMessage();
			assertThat(answer.get("success").asBoolean()).isTrue();
			assertThat(answer.get("rid").asInt()).isEqualTo(1);
			assertThat(answer.get("data").asInt()).isEqualTo(15);
		}
	}

	@Test
	void timeMultipliesItsArguments() throws IOException {
		try (LineClient client = new LineClient(this.server.address())) {
			client.nextMessage();
			client.send("{\"rid\":1,\"method\":\"time\",\"args\":[1,2,3,4,5]}");
			JsonNode answer = client.nextMessage();
			assertThat(answer.get("success").asBoolean()).isTrue();
			assertThat(answer.get("rid").asInt()).isEqualTo(1);
			assertThat(answer.get("data").asInt()).isEqualTo(120);
		}
	}

	@Test
	void addSentAfterTimeIsAnsweredFirst() throws IOException {
		try (LineClient client = new LineClient(this.server.address())) {
			client.nextMessage();
			client.send("{\"rid\":1,\"method\":\"time\",\"args\":[1,2,3,4,5]}");
			client.send("{\"rid\":2,\"method\":\"add\",\"args\":[1,2,3,4,5]}");
			JsonNode first = client.nextMessage();
			JsonNode second = client.nextMessage();
			assertThat(first.get("rid").asInt()).isEqualTo(2);
			assertThat(first.get("data").asInt()).isEqualTo(15);
			assertThat(second.get("rid").asInt()).isEqualTo(1);
			assertThat(second.get("data").asInt()).isEqualTo(120);
		}
	}

	/** Writes lines to the server and reads its lines on a background thread, so that every read has a timeout. */
	private static final class LineClient implements AutoCloseable {

		private static final JsonMapper MAPPER = JsonMapper.builder().build();

		private final SocketChannel channel;

		private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

		LineClient(IpcAddress address) throws IOException {
			this.channel = SocketChannel.open(address.socketAddress());
			Thread reader = new Thread(this::readLines, "sample-test-reader");
			reader.setDaemon(true);
			reader.start();
		}

		private void readLines() {
			ByteBuffer buffer = ByteBuffer.allocate(4096);
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			try {
				while (this.channel.read(buffer) >= 0) {
					buffer.flip();
					while (buffer.hasRemaining()) {
						byte b = buffer.get();
						if (b == '\n') {
							this.lines.add(line.toString(StandardCharsets.UTF_8));
							line.reset();
						}
						else {
							line.write(b);
						}
					}
					buffer.clear();
				}
			}
			catch (IOException ex) {
				// the test closed the connection
			}
		}

		void send(String line) throws IOException {
			ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
			while (bytes.hasRemaining()) {
				this.channel.write(bytes);
			}
		}

		JsonNode nextMessage() {
			try {
				String line = this.lines.poll(10, TimeUnit.SECONDS);
				assertThat(line).as("a line from the server within 10 seconds").isNotNull();
				return MAPPER.readTree(line);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted while waiting for a line", ex);
			}
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

	}

}
