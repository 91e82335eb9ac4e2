package dev.socketipc.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;

import dev.socketipc.autoconfigure.client.scanned.ScannedClientsPackage;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ipc.transport} reaches the server and the clients' shared event loops: a value
 * that is no transport, or names one whose jars are not on this module's class path (the
 * native ones are not), fails startup naming the property.
 */
class IpcTransportPropertyTest {

	private final ApplicationContextRunner server = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IpcServerAutoConfiguration.class, JacksonAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class))
		.withUserConfiguration(ServiceConfiguration.class)
		.withPropertyValues("ipc.server.shutdown-timeout=0s");

	private final ApplicationContextRunner clients = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpcClientAutoConfiguration.class))
		.withUserConfiguration(ScannedClientsPackage.class)
		.withPropertyValues("ipc.client.lazy=true",
				"ipc.client.servers.calc.address=unix:/tmp/ipc-transport-test.sock");

	private Path directory;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		SocketPaths.deleteRecursively(this.directory);
	}

	@ParameterizedTest
	@ValueSource(strings = { "kqueue", "io_uring" })
	void aServerOnATransportThatCannotRunHereFailsStartupNamingTheProperty(String value) {
		this.server.withPropertyValues(address(), "ipc.transport=" + value)
			.run((context) -> assertFailedNamingTheProperty(context.getStartupFailure(), value));
	}

	@Test
	void clientsOnATransportThatCannotRunHereFailStartupNamingTheProperty() {
		this.clients.withPropertyValues("ipc.transport=epoll")
			.run((context) -> assertFailedNamingTheProperty(context.getStartupFailure(), "epoll"));
	}

	private static void assertFailedNamingTheProperty(Throwable failure, String value) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		assertThat(cause).isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessageStartingWith("Property ipc.transport with value '" + value + "' is invalid: ")
			.hasMessageContaining(value.equals("kqueue") ? "use auto, nio, epoll or io-uring"
					: "its classes are not on the class path (add io.netty:netty-transport-native-");
	}

	private String address() {
		return "ipc.server.address=unix:" + SocketPaths.socketFile(this.directory, "t.sock");
	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		Adder adder() {
			return new Adder();
		}

	}

	@IpcService
	static class Adder {

		public int add(int a, int b) {
			return a + b;
		}

	}

}
