package dev.socketipc.sample.client;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.socketipc.client.IpcRemoteException;
import dev.socketipc.test.MockIpcServer;
import dev.socketipc.test.autoconfigure.IpcClientTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The seed demo against a mock of the seed server: only the {@link Calculator} client, no
 * server and no socket, and the mock poses as the Node.js seed server.
 */
@IpcClientTest(clients = Calculator.class, seedServers = "sample-server")
@Timeout(30)
class SeedDemoMockServerTest {

	@Autowired
	private Calculator calculator;

	@Autowired
	private MockIpcServer server;

	@Test
	void printsTheSumBeforeTheSlowProduct() {
		this.server.expect("time").withArgs(1, 2, 3, 4, 5).andDelay(Duration.ofMillis(500)).andRespond(120);
		this.server.expect("add").withArgs(1, 2, 3, 4, 5).andRespond(15);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
			new SeedDemo(this.calculator).run(out);
		}
		assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly("1+2+3+4+5 = 15", "1*2*3*4*5 = 120");
		this.server.verify();
	}

	@Test
	void aFailedCallEndsTheDemoWithTheServersError() {
		this.server.expect("time").andRespond(120);
		this.server.expect("add").andRespondError("SERVICE_ERROR", "overflow");
		SeedDemo demo = new SeedDemo(this.calculator);
		assertThatExceptionOfType(IpcRemoteException.class)
			.isThrownBy(() -> demo.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
			.satisfies((ex) -> assertThat(ex.getRemoteMessage()).isEqualTo("overflow"));
		this.server.verify();
	}

}
