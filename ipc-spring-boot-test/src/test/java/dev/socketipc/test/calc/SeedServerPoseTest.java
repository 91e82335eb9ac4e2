package dev.socketipc.test.calc;

import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcConnectionStatus;
import dev.socketipc.test.MockIpcServer;
import dev.socketipc.test.autoconfigure.IpcClientTest;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link MockIpcServer} posing as a seed (Node.js) server: its {@code register} has no
 * {@code protocol} and no {@code features}, and the client calls it as it would a seed
 * server.
 */
@IpcClientTest(clients = Calculator.class, seedServers = "calculator")
@Timeout(30)
class SeedServerPoseTest {

	@Autowired
	private Calculator calculator;

	@Autowired
	private MockIpcServer server;

	@Autowired
	private IpcClientRegistry registry;

	@Test
	void registersWithoutProtocolOrFeaturesAndStillAnswers() {
		IpcConnection connection = this.registry.connections().get("calculator");
		Awaitility.await().atMost(MockIpcServerTest.WAIT).until(connection::isReady);
		IpcConnectionStatus status = connection.status();
		assertThat(status.protocol()).isNull();
		assertThat(status.features()).isEmpty();
		assertThat(status.methods()).containsExactlyInAnyOrder("add", "divide", "greet");
		this.server.expect("add").withArgs(2, 2).andRespond(4);
		assertThat(this.calculator.add(2, 2)).isEqualTo(4);
		this.server.verify();
	}

}
