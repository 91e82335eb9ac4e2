package dev.socketipc.test;

import dev.socketipc.server.IpcServer;
import dev.socketipc.test.calc.Calculator;
import dev.socketipc.test.calc.CalculatorApplication;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LocalIpcServerAddress} with a TCP port chosen by the system (port 0): the port
 * actually bound, which the application's own client follows.
 */
@SpringBootTest(classes = CalculatorApplication.class,
		properties = { "spring.application.name=" + CalculatorApplication.NAME, "ipc.server.address=tcp://127.0.0.1:0",
				"ipc.client.servers.calculator.address=tcp://127.0.0.1:0", "ipc.client.servers.clock.lazy=true" })
@Timeout(30)
class LocalIpcServerAddressTest {

	@LocalIpcServerAddress
	private String address;

	@Autowired
	private IpcServer server;

	@Autowired
	private Calculator calculator;

	@Test
	void injectsThePortBound() {
		IpcAddress.Tcp bound = (IpcAddress.Tcp) IpcAddress.parse(this.address);
		assertThat(bound.port()).isPositive();
		assertThat(bound).isEqualTo(this.server.address());
		assertThat(this.calculator.add(4, 5)).isEqualTo(9);
	}

}
