package dev.socketipc.sample.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import dev.socketipc.sample.server.SampleServerApplication;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the Spring profile {@code actuator}, the sample client's {@code /actuator/health}
 * shows its server {@code sample-server} under {@code ipcClients}: {@code UP} while the
 * sample server runs, {@code DOWN} with the last failure once it is stopped, as the
 * README shows.
 */
@Timeout(120)
class SampleClientActuatorTest {

	private Path directory;

	private ConfigurableApplicationContext server;

	private ConfigurableApplicationContext client;

	@AfterEach
	void stop() throws IOException {
		try {
			if (this.client != null) {
				this.client.close();
			}
			if (this.server != null) {
				this.server.close();
			}
		}
		finally {
			if (this.directory != null) {
				SocketPaths.deleteRecursively(this.directory);
			}
		}
	}

	@Test
	void actuatorProfileShowsTheServerUpThenDownWhenItStops() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
		String address = "unix:" + this.directory.resolve("seed.sock");
		this.server = new SpringApplicationBuilder(SampleServerApplication.class).web(WebApplicationType.NONE)
			.run("--ipc.server.address=" + address, "--spring.application.name=sample-server");
		this.client = new SpringApplicationBuilder(SampleClientApplication.class).run(
				"--spring.profiles.active=actuator", "--server.port=0",
				"--ipc.client.servers.sample-server.address=" + address, "--ipc.client.reconnect.initial-backoff=20ms",
				"--ipc.client.reconnect.max-backoff=200ms");
		assertThat(this.client.getEnvironment().getProperty("sample-client.keep-running")).isEqualTo("true");
		int port = ((WebServerApplicationContext) this.client).getWebServer().getPort();
		assertThat(this.client.getBean(Calculator.class).add(1, 2, 3)).isEqualTo(6);

		JsonNode up = get(port, "/actuator/health/ipcClients");
		assertThat(up.at("/status").asString()).isEqualTo("UP");
		assertThat(up.at("/components/sample-server/details/address").asString()).isEqualTo(address);

		this.server.close();
		await().until(() -> {
			JsonNode entry = get(port, "/actuator/health/ipcClients").at("/components/sample-server");
			return "DOWN".equals(entry.at("/status").asString()) && entry.at("/details/lastFailure").isString();
		});
	}

	private static JsonNode get(int port, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		return JsonMapper.shared().readTree(response.body());
	}

}
