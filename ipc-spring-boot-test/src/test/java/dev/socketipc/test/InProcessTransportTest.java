package dev.socketipc.test;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.socketipc.server.IpcServer;
import dev.socketipc.test.autoconfigure.AutoConfigureIpcInProcessTransport;
import dev.socketipc.test.calc.Calculator;
import dev.socketipc.test.calc.CalculatorApplication;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.SocketDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AutoConfigureIpcInProcessTransport}: the application's server binds a
 * {@code local:} address, its own client follows it, and nothing is created on the file
 * system at the default socket's path.
 */
@SpringBootTest(classes = CalculatorApplication.class,
		properties = { "spring.application.name=" + CalculatorApplication.NAME, "ipc.client.servers.clock.lazy=true" })
@AutoConfigureIpcInProcessTransport
@Timeout(30)
class InProcessTransportTest {

	@Autowired
	private IpcServer server;

	@Autowired
	private Calculator calculator;

	@LocalIpcServerAddress
	private String localAddress;

	@Test
	void serverBindsALocalAddressAndTheApplicationsOwnClientCallsIt() {
		assertThat(this.server.address()).isInstanceOf(IpcAddress.Local.class);
		assertThat(this.localAddress).isEqualTo(this.server.address().toString()).startsWith("local:ipc-test-");
		assertThat(this.calculator.add(1, 2, 3)).isEqualTo(6);
	}

	@Test
	void createsNoSocketFileAndNoLockFile() {
		Path socket = SocketDirectory.defaultAddress(CalculatorApplication.NAME).path();
		assertThat(socket).doesNotExist();
		assertThat(socket.resolveSibling(socket.getFileName() + ".lock")).doesNotExist();
		assertThat(Files.exists(socket.resolveSibling(CalculatorApplication.NAME + "-2.sock"))).isFalse();
	}

}
