package dev.socketipc.autoconfigure.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;
import dev.socketipc.autoconfigure.client.scanned.CalcClient;
import dev.socketipc.autoconfigure.client.scanned.ScannedClientsPackage;
import dev.socketipc.client.IpcConnectionException;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code ipc.client.servers.<name>.allowed-server-uids}: calls reach a server running as
 * an allowed uid only; the property on a TCP address fails startup naming it.
 */
@Timeout(60)
class IpcClientAllowedServerUidsTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpcClientAutoConfiguration.class))
		.withUserConfiguration(ScannedClientsPackage.class)
		.withPropertyValues("ipc.client.timeout=5m");

	private Path directory;

	private IpcServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		this.server = IpcServer.builder()
			.address(IpcAddress.parse("unix:" + this.directory.resolve("calc.sock")))
			.service(ServiceDefinition.of("", new IpcClientWaitForReadyTest.CalcService()))
			.shutdownTimeout(Duration.ZERO)
			.build();
		this.server.start();
	}

	@AfterEach
	void stop() throws IOException {
		this.server.stop();
		SocketPaths.deleteRecursively(this.directory);
	}

	@Test
	void serverRunningAsAnAllowedUidIsCalledAndOneRunningAsAnotherIsNot() throws IOException {
		long ownUid = ((Number) Files.getAttribute(this.directory, "unix:uid")).longValue();
		String address = "ipc.client.servers.calc.address=" + this.server.address();
		this.runner.withPropertyValues(address, "ipc.client.servers.calc.allowed-server-uids=4242," + ownUid)
			.run((context) -> assertThat(context.getBean(CalcClient.class).add(1, 2)).isEqualTo(3));
		this.runner.withPropertyValues(address, "ipc.client.servers.calc.allowed-server-uids=4242")
			.run((context) -> assertThatExceptionOfType(IpcConnectionException.class)
				.isThrownBy(() -> context.getBean(CalcClient.class).add(1, 2))
				.withMessageContaining("not one of allowed-server-uids [4242]"));
	}

	@Test
	void allowedServerUidsOnATcpAddressFailStartupNamingTheProperty() {
		this.runner
			.withPropertyValues("ipc.client.servers.calc.address=tcp://127.0.0.1:1234",
					"ipc.client.servers.calc.allowed-server-uids=0")
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ipc.client.servers.calc.allowed-server-uids")
				.hasMessageContaining("needs a Unix socket address"));
	}

}
