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
 * The property {@code ipc.test.in-process.enabled} alone, without the annotation, serves
 * in-process too; a client at {@code self} follows the server there.
 */
@SpringBootTest(classes = CalculatorApplication.class,
		properties = { "ipc.test.in-process.enabled=true", "spring.application.name=another-name",
				"ipc.client.servers.calculator.address=self", "ipc.client.servers.clock.lazy=true" })
@Timeout(30)
class InProcessPropertyTest {

	@Autowired
	private IpcServer server;

	@Autowired
	private Calculator calculator;

	@Test
	void propertyServesInProcessAndSelfFollows() {
		assertThat(this.server.address()).isInstanceOf(IpcAddress.Local.class);
		assertThat(this.calculator.greet("you")).isEqualTo("hello you");
	}

}
