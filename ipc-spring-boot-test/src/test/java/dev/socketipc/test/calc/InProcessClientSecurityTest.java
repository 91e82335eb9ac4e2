package dev.socketipc.test.calc;

import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.test.autoconfigure.AutoConfigureIpcInProcessTransport;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In-process, a client of the application's own server configured with TLS and
 * {@code allowed-server-uids} (for production, where the server is a socket) talks to the
 * in-process server without them: the server is in this JVM.
 */
@SpringBootTest(classes = CalculatorApplication.class,
		properties = { "spring.application.name=" + CalculatorApplication.NAME,
				"ipc.client.servers.calculator.ssl.bundle=production-client",
				"ipc.client.servers.calculator.allowed-server-uids=4242", "ipc.client.servers.clock.lazy=true" })
@AutoConfigureIpcInProcessTransport
@Timeout(30)
class InProcessClientSecurityTest {

	@Autowired
	private Calculator calculator;

	@Autowired
	private IpcClientRegistry registry;

	@Test
	void ownServerClientWithTlsAndServerUidsCallsTheInProcessServer() {
		assertThat(this.calculator.add(2, 3)).isEqualTo(5);
		assertThat(this.registry.connections().get(CalculatorApplication.NAME).address())
			.isInstanceOf(IpcAddress.Local.class);
	}

}
