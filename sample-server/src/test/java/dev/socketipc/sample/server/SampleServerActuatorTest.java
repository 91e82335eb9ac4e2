package dev.socketipc.sample.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample server starts no web server by default (as {@code ./demo} runs it), and
 * serves Actuator with the Spring profile {@code actuator}, as the README shows: the
 * {@code ipcServer} health, the {@code ipc} info and the {@code ipc.server} timer.
 */
@Timeout(120)
class SampleServerActuatorTest {

	private Path directory;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void stop() throws IOException {
		if (this.context != null) {
			this.context.close();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	@Test
	void startsNoWebServerByDefault() {
		this.context = new SpringApplicationBuilder(SampleServerApplication.class)
			.run("--ipc.server.address=unix:" + this.directory.resolve("s.sock"));

		assertThat(this.context).isNotInstanceOf(WebServerApplicationContext.class);
		assertThat(this.context.getBean(IpcServer.class).isRunning()).isTrue();
	}

	@Test
	void actuatorProfileServesHealthAndInfoOverHttp() throws Exception {
		this.context = new SpringApplicationBuilder(SampleServerApplication.class).run(
				"--spring.profiles.active=actuator", "--server.port=0",
				"--ipc.server.address=unix:" + this.directory.resolve("s.sock"));
		assertThat(this.context).isInstanceOf(WebServerApplicationContext.class);
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		IpcServer server = this.context.getBean(IpcServer.class);
		try (LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress())) {
			client.call(1, "add", 1, 2);
			assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":3}");

			JsonNode health = get(port, "/actuator/health");
			assertThat(health.at("/components/ipcServer/status").asString()).isEqualTo("UP");
			assertThat(health.at("/components/ipcServer/details/address").asString())
				.isEqualTo(server.address().toString());
			assertThat(health.at("/components/ipcServer/details/connections").asInt()).isEqualTo(1);
		}
		JsonNode info = get(port, "/actuator/info");
		assertThat(info.at("/ipc/server/methods").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrder("count", "add", "time", "save", "put", "get");
		// the server's timer stops once its answer is written
		await().until(() -> status(port, "/actuator/metrics/ipc.server?tag=rpc.method:add") == 200);
		JsonNode timer = get(port, "/actuator/metrics/ipc.server?tag=rpc.method:add&tag=rpc.status_code:OK");
		assertThat(timer.at("/measurements/0/statistic").asString()).isEqualTo("COUNT");
		assertThat(timer.at("/measurements/0/value").asDouble()).isEqualTo(1.0);
	}

	private static int status(int port, String path) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static JsonNode get(int port, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return JsonMapper.shared().readTree(response.body());
	}

}
