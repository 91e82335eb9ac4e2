package dev.socketipc.test.calc;

import java.nio.file.Files;

import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.server.IpcServer;
import dev.socketipc.test.MockIpcServer;
import dev.socketipc.test.autoconfigure.IpcClientTest;

import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.SocketDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @IpcClientTest} without named clients: every {@code @IpcClient} interface of the
 * application, a mock server per server, Jackson, and nothing else of the application: no
 * IPC server, no service, no other component.
 */
@IpcClientTest
@Timeout(30)
class IpcClientSliceTest {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private Calculator calculator;

	@Autowired
	private Clock clock;

	@Autowired
	@Qualifier("calculator")
	private MockIpcServer calculatorServer;

	@Autowired
	@Qualifier("clock")
	private MockIpcServer clockServer;

	@Test
	void loadsTheClientsJacksonAndAMockServerPerServerOnly() {
		assertThat(this.context.getBeanNamesForType(IpcServer.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(CalculatorService.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(OtherComponent.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(JsonMapper.class)).isNotEmpty();
		assertThat(this.context.getBeansOfType(MockIpcServer.class)).hasSize(2);
		assertThat(this.calculatorServer.serverName()).isEqualTo("calculator");
		assertThat(this.clockServer.serverName()).isEqualTo("clock");
	}

	@Test
	void clientRegistryClosesItsConnectionsBeforeTheMockServersStop() {
		ConfigurableListableBeanFactory beanFactory = ((ConfigurableApplicationContext) this.context).getBeanFactory();
		String registry = beanFactory.getBeanNamesForType(IpcClientRegistry.class)[0];
		assertThat(beanFactory.getBeanDefinition(registry).getDependsOn()).contains("mockIpcServer.calculator",
				"mockIpcServer.clock");
	}

	@Test
	void eachServersClientsCallItsMockOverLocalAddressesOnly() {
		this.calculatorServer.expect("add").withArgs(1, 1).andRespond(2);
		this.clockServer.expect("clock.now").andRespond(42L);
		assertThat(this.calculator.add(1, 1)).isEqualTo(2);
		assertThat(this.clock.now()).isEqualTo(42L);
		this.calculatorServer.verify();
		this.clockServer.verify();
		assertThat(this.calculatorServer.address()).isInstanceOf(IpcAddress.Local.class);
		assertThat(Files.exists(SocketDirectory.defaultAddress("calculator").path())).isFalse();
		assertThat(Files.exists(SocketDirectory.defaultAddress("clock").path())).isFalse();
	}

}
