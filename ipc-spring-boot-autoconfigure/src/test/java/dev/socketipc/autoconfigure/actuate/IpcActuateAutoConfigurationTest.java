package dev.socketipc.autoconfigure.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;
import dev.socketipc.autoconfigure.IpcServerAutoConfiguration;
import dev.socketipc.autoconfigure.IpcService;
import dev.socketipc.autoconfigure.client.scanned.ScannedClientsPackage;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the IPC health and info contributors are configured: with Actuator present, named
 * so that their components are {@code ipcServer}, {@code ipcClients} and {@code ipc};
 * each switched off by its property; and absent Spring Boot's health or actuator module,
 * the application still starts and serves.
 */
class IpcActuateAutoConfigurationTest {

	private Path directory;

	private ApplicationContextRunner runner;

	@BeforeEach
	void createRunner() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpcServerAutoConfiguration.class,
					IpcClientAutoConfiguration.class, IpcHealthContributorAutoConfiguration.class,
					IpcInfoContributorAutoConfiguration.class))
			.withUserConfiguration(EchoServiceConfiguration.class, ScannedClientsPackage.class)
			.withPropertyValues("ipc.server.address=unix:" + this.directory.resolve("s.sock"),
					"ipc.client.servers.calc.address=unix:" + this.directory.resolve("calc.sock"),
					"ipc.client.lazy=true");
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		SocketPaths.deleteRecursively(this.directory);
	}

	@Test
	void contributesIpcServerIpcClientsAndIpcInfoByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(IpcServerHealthIndicator.class)
				.hasSingleBean(IpcClientsHealthContributor.class)
				.hasSingleBean(IpcInfoContributor.class);
			// Spring Boot names a component after its bean, less the standard suffix
			assertThat(context.getBeanNamesForType(HealthContributor.class))
				.containsExactlyInAnyOrder("ipcServerHealthIndicator", "ipcClientsHealthContributor");
		});
	}

	@Test
	void serverIndicatorIsSwitchedOffByItsProperty() {
		this.runner.withPropertyValues("management.health.ipc-server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IpcServerHealthIndicator.class)
				.hasSingleBean(IpcClientsHealthContributor.class));
	}

	@Test
	void clientsContributorIsSwitchedOffByItsProperty() {
		this.runner.withPropertyValues("management.health.ipc-clients.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IpcClientsHealthContributor.class)
				.hasSingleBean(IpcServerHealthIndicator.class));
	}

	@Test
	void healthDefaultsPropertySwitchesBothOff() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IpcServerHealthIndicator.class)
				.doesNotHaveBean(IpcClientsHealthContributor.class));
	}

	@Test
	void infoContributorIsSwitchedOffByItsProperty() {
		this.runner.withPropertyValues("management.info.ipc.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IpcInfoContributor.class)
				.hasSingleBean(IpcServerHealthIndicator.class));
	}

	@Test
	void noServerNoServerIndicatorNorInfo() {
		this.runner.withPropertyValues("ipc.server.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IpcServer.class)
				.doesNotHaveBean(IpcServerHealthIndicator.class)
				.doesNotHaveBean(IpcInfoContributor.class)
				.hasSingleBean(IpcClientsHealthContributor.class));
	}

	@Test
	void withoutSpringBootHealthTheApplicationStartsAndServes() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health.")).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(IpcServerHealthIndicator.class)
				.doesNotHaveBean(IpcClientsHealthContributor.class)
				.hasSingleBean(IpcInfoContributor.class);
			assertServes(context.getBean(IpcServer.class));
		});
	}

	@Test
	void withoutActuatorTheApplicationStartsAndServes() {
		this.runner
			.withClassLoader(
					new FilteredClassLoader("org.springframework.boot.health.", "org.springframework.boot.actuate."))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(IpcServerHealthIndicator.class)
					.doesNotHaveBean(IpcClientsHealthContributor.class)
					.doesNotHaveBean(InfoContributor.class);
				assertServes(context.getBean(IpcServer.class));
			});
	}

	@Test
	void switchesAreDescribedForIdes() throws IOException {
		Map<String, JsonNode> properties = new HashMap<>();
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			JsonMapper.shared()
				.readTree(in)
				.get("properties")
				.forEach((p) -> properties.put(p.get("name").asString(), p));
		}
		assertThat(properties).containsKeys("management.health.ipc-server.enabled",
				"management.health.ipc-clients.enabled", "management.info.ipc.enabled");
		for (String name : new String[] { "management.health.ipc-server.enabled",
				"management.health.ipc-clients.enabled", "management.info.ipc.enabled" }) {
			assertThat(properties.get(name).get("description").asString()).as(name).isNotBlank();
			assertThat(properties.get(name).get("defaultValue").asBoolean()).as(name).isTrue();
		}
	}

	private static void assertServes(IpcServer server) throws IOException {
		try (LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress())) {
			client.call(1, "echo", "hi");
			assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":\"hi\"}");
		}
	}

	@IpcService
	static class EchoService {

		public String echo(String text) {
			return text;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoServiceConfiguration {

		@Bean
		EchoService echoService() {
			return new EchoService();
		}

	}

}
