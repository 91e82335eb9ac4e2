package dev.socketipc.sample.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.LineClient;
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
 * Runs the sample application and talks to it as the seed article's client does, over its
 * Unix socket.
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
	void registerMessageListsTheMethodsAndTheClockTopic() throws IOException {
		try (LineClient client = LineClient.connect(this.server.address().socketAddress())) {
			JsonNode register = JsonMapper.shared().readTree(client.readLine());
			assertThat(register.get("action").asString()).isEqualTo("register");
			assertThat(register.get("methods").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder("add",
					"count", "time", "save", "put", "get");
			assertThat(register.get("features").valueStream().map(JsonNode::asString)).contains("events", "stream");
			assertThat(register.get("topics").valueStream().map(JsonNode::asString)).containsExactly("clock");
		}
	}

	@Test
	void clockTicksForTheConnectionThatSubscribed() throws IOException {
		try (LineClient client = LineClient.connectAndSkipRegister(this.server.address().socketAddress())) {
			client.call(1, "$subscribe", "clock");
			assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":null}");
			JsonNode tick = JsonMapper.shared().readTree(client.readLine());
			assertThat(tick.get("action").asString()).isEqualTo("event");
			assertThat(tick.get("topic").asString()).isEqualTo("clock");
			assertThat(tick.at("/data/seq").asLong()).isEqualTo(1);
			assertThat(Instant.parse(tick.at("/data/time").asString())).isNotNull();
		}
	}

	@Test
	void countStreamsItsItemsBeforeTheFinalAnswer() throws IOException {
		try (LineClient client = LineClient.connectAndSkipRegister(this.server.address().socketAddress())) {
			client.send("{\"rid\":7,\"method\":\"count\",\"args\":[3],\"stream\":true}");
			assertThat(client.readLines(4)).containsExactly("{\"action\":\"next\",\"rid\":7,\"data\":1}",
					"{\"action\":\"next\",\"rid\":7,\"data\":2}", "{\"action\":\"next\",\"rid\":7,\"data\":3}",
					"{\"success\":true,\"rid\":7,\"data\":null}");
			client.call(8, "count", 3);
			assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":8,\"data\":[1,2,3]}");
			client.call(9, "count", -1);
			assertThat(client.readLine()).contains("\"rid\":9").contains("count(n) needs n >= 0, not -1");
		}
	}

	@Test
	void addSumsItsArguments() throws IOException {
		try (LineClient client = LineClient.connect(this.server.address().socketAddress())) {
			client.readLine();
			client.send("{\"rid\":1,\"method\":\"add\",\"args\":[1,2,3,4,5]}");
			JsonNode answer = JsonMapper.shared().readTree(client.readLine());
			assertThat(answer.get("success").asBoolean()).isTrue();
			assertThat(answer.get("rid").asInt()).isEqualTo(1);
			assertThat(answer.get("data").asInt()).isEqualTo(15);
		}
	}

	@Test
	void timeMultipliesItsArguments() throws IOException {
		try (LineClient client = LineClient.connect(this.server.address().socketAddress())) {
			client.readLine();
			client.send("{\"rid\":1,\"method\":\"time\",\"args\":[1,2,3,4,5]}");
			JsonNode answer = JsonMapper.shared().readTree(client.readLine());
			assertThat(answer.get("success").asBoolean()).isTrue();
			assertThat(answer.get("rid").asInt()).isEqualTo(1);
			assertThat(answer.get("data").asInt()).isEqualTo(120);
		}
	}

	@Test
	void addSentAfterTimeIsAnsweredFirst() throws IOException {
		try (LineClient client = LineClient.connect(this.server.address().socketAddress())) {
			client.readLine();
			client.send("{\"rid\":1,\"method\":\"time\",\"args\":[1,2,3,4,5]}");
			client.send("{\"rid\":2,\"method\":\"add\",\"args\":[1,2,3,4,5]}");
			JsonNode first = JsonMapper.shared().readTree(client.readLine());
			JsonNode second = JsonMapper.shared().readTree(client.readLine());
			assertThat(first.get("rid").asInt()).isEqualTo(2);
			assertThat(first.get("data").asInt()).isEqualTo(15);
			assertThat(second.get("rid").asInt()).isEqualTo(1);
			assertThat(second.get("data").asInt()).isEqualTo(120);
		}
	}

}
