package dev.socketipc.sample.server.catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.LineClient;
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
 * The sample application's catalog over its Unix socket, as a seed-style client sends it
 * lines: records come back byte for byte as they were sent, and an unknown document id is
 * a {@code NOT_FOUND} error naming it.
 */
@SpringBootTest
@DirtiesContext
class CatalogServiceTest {

	private static final Path SOCKET = Path.of("/tmp",
			"ipc-catalog-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".sock");

	private static final String ITEM = "{\"id\":\"item-1\",\"sku\":\"SKU-0001\",\"name\":\"Desk lamp\","
			+ "\"description\":\"A lamp, \\\"bright\\\" and small.\",\"priceCents\":4999,\"rating\":4.25,"
			+ "\"quantity\":12,\"active\":true,\"tags\":[\"home\",\"light\"],\"updatedAt\":\"2026-11-30T12:34:56.789Z\"}";

	private static final String DOCUMENT = "{\"id\":\"doc-1\",\"title\":\"Manual\",\"version\":3,"
			+ "\"createdAt\":\"2026-11-30T08:00:00.125Z\",\"tags\":[\"manual\"],\"sections\":["
			+ "{\"heading\":\"Intro\",\"body\":\"Read me first.\",\"order\":1,\"refs\":[]},"
			+ "{\"heading\":\"Use\",\"body\":\"Switch it on.\",\"order\":2,\"refs\":[\"doc-2\"]}]}";

	@Autowired
	private IpcServer server;

	@DynamicPropertySource
	static void socketAddress(DynamicPropertyRegistry registry) {
		registry.add("ipc.server.address", () -> "unix:" + SOCKET);
	}

	@Test
	void saveAnswersTheItemAsItWasSent() throws IOException {
		try (LineClient client = LineClient.connectAndSkipRegister(this.server.address().socketAddress())) {
			client.send("{\"rid\":1,\"method\":\"save\",\"args\":[" + ITEM + "]}");
			assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":" + ITEM + "}");
		}
	}

	@Test
	void getAnswersTheDocumentPutBefore() throws IOException {
		try (LineClient client = LineClient.connectAndSkipRegister(this.server.address().socketAddress())) {
			client.send("{\"rid\":1,\"method\":\"put\",\"args\":[" + DOCUMENT + "]}");
			assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"doc-1\"}");
			client.call(2, "get", "doc-1");
			assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":2,\"data\":" + DOCUMENT + "}");
		}
	}

	@Test
	void getOfAnUnknownIdIsANotFoundErrorNamingIt() throws IOException {
		try (LineClient client = LineClient.connectAndSkipRegister(this.server.address().socketAddress())) {
			client.call(1, "get", "doc-404");
			JsonNode answer = JsonMapper.shared().readTree(client.readLine());
			assertThat(answer.get("success").asBoolean()).isFalse();
			assertThat(answer.get("rid").asInt()).isEqualTo(1);
			assertThat(answer.get("code").asString()).isEqualTo(CatalogService.NOT_FOUND);
			assertThat(answer.get("error").asString()).contains("no document with id 'doc-404'");
		}
	}

}
