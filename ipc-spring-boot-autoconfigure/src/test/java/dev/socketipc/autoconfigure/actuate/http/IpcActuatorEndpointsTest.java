package dev.socketipc.autoconfigure.actuate.http;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A web application with {@code spring-boot-starter-actuator} shows {@code ipcServer} and
 * {@code ipcClients} in {@code /actuator/health} and the server in
 * {@code /actuator/info}, over HTTP on a random port.
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,info,metrics",
				"management.endpoint.health.show-details=always" })
@AutoConfigureRestTestClient
class IpcActuatorEndpointsTest {

	private static Path directory;

	@Autowired
	private RestTestClient http;

	@Autowired
	private IpcServer server;

	@Autowired
	private EchoClient client;

	@DynamicPropertySource
	static void socket(DynamicPropertyRegistry registry) throws IOException {
		directory = SocketPaths.newSocketDirectory();
		String address = "unix:" + directory.resolve("echo.sock");
		registry.add("ipc.server.address", () -> address);
		registry.add("ipc.client.servers.self.address", () -> address);
	}

	@AfterAll
	static void deleteDirectory() throws IOException {
		SocketPaths.deleteRecursively(directory);
	}

	@Test
	void healthShowsTheServerAndTheClients() {
		// the client connects as the context starts: wait for its register
		await().until(() -> "UP".equals(clientStatus()));
		this.http.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.ipcServer.status")
			.isEqualTo("UP")
			.jsonPath("$.components.ipcServer.details.address")
			.isEqualTo(this.server.address().toString())
			.jsonPath("$.components.ipcServer.details.methods[0]")
			.isEqualTo("echo")
			.jsonPath("$.components.ipcClients.status")
			.isEqualTo("UP")
			.jsonPath("$.components.ipcClients.components.self.status")
			.isEqualTo("UP")
			.jsonPath("$.components.ipcClients.components.self.details.protocol")
			.isEqualTo(IpcServer.PROTOCOL_REVISION)
			.jsonPath("$.components.ipcClients.components.self.details.address")
			.isEqualTo(this.server.address().toString());
	}

	@Test
	void eachClientIsItsOwnHealthPath() {
		await().until(() -> "UP".equals(clientStatus()));
		this.http.get()
			.uri("/actuator/health/ipcClients/self")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.details.features")
			.isArray();
	}

	@Test
	void infoShowsTheServer() {
		this.http.get()
			.uri("/actuator/info")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.ipc.server.address")
			.isEqualTo(this.server.address().toString())
			.jsonPath("$.ipc.server.protocol")
			.isEqualTo(IpcServer.PROTOCOL_REVISION)
			.jsonPath("$.ipc.server.methods[0]")
			.isEqualTo("echo")
			.jsonPath("$.ipc.server.features")
			.isArray();
	}

	@Test
	void metricsShowTheTimersAndGaugesOfACall() {
		assertThat(this.client.echo("hi")).isEqualTo("hi");
		// the server's timer stops once its answer is written, maybe after the client
		// read it
		await().until(() -> status("/actuator/metrics/ipc.server?tag=rpc.method:echo&tag=rpc.status_code:OK") == 200);
		this.http.get()
			.uri("/actuator/metrics/ipc.client?tag=rpc.method:echo&tag=ipc.server.name:self")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.measurements[?(@.statistic == 'COUNT')].value")
			.value(List.class, (counts) -> assertThat(counts).singleElement()
				.satisfies((count) -> assertThat(((Number) count).doubleValue()).isGreaterThanOrEqualTo(1)));
		this.http.get()
			.uri("/actuator/metrics")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.names")
			.value(List.class, (names) -> assertThat(names).contains("ipc.server", "ipc.client",
					"ipc.server.connections", "ipc.server.calls.active", "ipc.client.calls.active"));
	}

	private int status(String uri) {
		return this.http.get().uri(uri).exchange().returnResult().getStatus().value();
	}

	private String clientStatus() {
		byte[] body = this.http.get()
			.uri("/actuator/health/ipcClients/self")
			.exchange()
			.returnResult()
			.getResponseBodyContent();
		return (body != null && new String(body).contains("\"status\":\"UP\"")) ? "UP" : "not UP";
	}

}
