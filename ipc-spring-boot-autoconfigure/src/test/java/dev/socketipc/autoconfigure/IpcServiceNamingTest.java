package dev.socketipc.autoconfigure;

import dev.socketipc.autoconfigure.inventory.InventoryOrders;
import dev.socketipc.autoconfigure.inventory.InventoryStock;
import dev.socketipc.server.IpcServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @IpcService}'s value is the prefix of method names, never the bean's name: two
 * classes may share a prefix, and Spring does not warn about convention-based names.
 */
@ExtendWith(OutputCaptureExtension.class)
class IpcServiceNamingTest {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IpcServerAutoConfiguration.class, JacksonAutoConfiguration.class))
		.withPropertyValues("ipc.server.address=tcp://127.0.0.1:0");

	@Test
	void twoScannedClassesShareOnePrefix(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(ScanInventory.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(IpcServer.class).methodNames()).containsExactlyInAnyOrder("inventory.count",
					"inventory.reserve");
			assertThat(context.getBeanNamesForType(InventoryStock.class)).containsExactly("inventoryStock");
			assertThat(context.getBeanNamesForType(InventoryOrders.class)).containsExactly("orders");
		});
		assertThat(output).doesNotContain("convention-based @Component names");
	}

	@Configuration(proxyBeanMethods = false)
	@ComponentScan(basePackageClasses = InventoryStock.class)
	static class ScanInventory {

	}

}
