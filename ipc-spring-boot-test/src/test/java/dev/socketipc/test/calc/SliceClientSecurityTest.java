package dev.socketipc.test.calc;

import dev.socketipc.test.MockIpcServer;
import dev.socketipc.test.autoconfigure.IpcClientTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In the slice, a client configured with TLS (no SSL bundles are loaded there) and
 * {@code allowed-server-uids} calls its mock server, which runs in this JVM.
 */
@IpcClientTest(clients = Calculator.class,
		properties = { "ipc.client.servers.calculator.ssl.bundle=production-client",
				"ipc.client.servers.calculator.allowed-server-uids=4242" })
@Timeout(30)
class SliceClientSecurityTest {

	@Autowired
	private Calculator calculator;

	@Autowired
	private MockIpcServer server;

	@Test
	void clientWithTlsAndServerUidsCallsItsMockServer() {
		this.server.expect("add").withArgs(1, 2).andRespond(3);

		assertThat(this.calculator.add(1, 2)).isEqualTo(3);
		this.server.verify();
	}

}
