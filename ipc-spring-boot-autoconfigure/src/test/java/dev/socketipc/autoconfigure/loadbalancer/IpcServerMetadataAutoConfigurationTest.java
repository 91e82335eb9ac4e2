package dev.socketipc.autoconfigure.loadbalancer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.socketipc.autoconfigure.IpcServerAutoConfiguration;
import dev.socketipc.autoconfigure.IpcService;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.client.discovery.event.InstancePreRegisteredEvent;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcServerMetadataAutoConfiguration}: a server on TCP writes
 * {@code ipc.port} and {@code ipc.protocol} into the application's Spring Cloud
 * {@link Registration}, in a real context with a real server bound on port 0.
 */
@ExtendWith(OutputCaptureExtension.class)
class IpcServerMetadataAutoConfigurationTest {

	private static final String ANY_TCP_PORT = "ipc.server.address=tcp://127.0.0.1:0";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(IpcServerAutoConfiguration.class, IpcServerMetadataAutoConfiguration.class,
						JacksonAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
		.withUserConfiguration(CalculatorConfiguration.class);

	@Test
	void aTcpServerPublishesItsBoundPortAndProtocolInTheRegistrationBeanOnceStarted() {
		Map<String, String> metadata = new HashMap<>(Map.of("zone", "a"));
		this.contextRunner.withPropertyValues(ANY_TCP_PORT)
			.withBean(Registration.class, () -> new IpcRegistrationSample(metadata))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				int bound = boundPort(context.getBean(IpcServer.class));
				assertThat(bound).isPositive();
				assertThat(metadata).containsExactlyInAnyOrderEntriesOf(
						Map.of("zone", "a", "ipc.port", Integer.toString(bound), "ipc.protocol", "1"));
			});
	}

	@Test
	void anInstancePreRegisteredEventGetsTheBoundPortInItsRegistration() {
		Map<String, String> metadata = new HashMap<>();
		this.contextRunner.withPropertyValues(ANY_TCP_PORT).run((context) -> {
			// not a bean: the registry hands it over in the event only
			context.publishEvent(new InstancePreRegisteredEvent(this, new IpcRegistrationSample(metadata)));

			int bound = boundPort(context.getBean(IpcServer.class));
			assertThat(metadata).containsOnly(Map.entry("ipc.port", Integer.toString(bound)),
					Map.entry("ipc.protocol", "1"));
		});
	}

	@Test
	void publishMetadataFalsePublishesNothing() {
		Map<String, String> metadata = new HashMap<>();
		this.contextRunner.withPropertyValues(ANY_TCP_PORT, "ipc.server.discovery.publish-metadata=false")
			.withBean(Registration.class, () -> new IpcRegistrationSample(metadata))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.publishEvent(new InstancePreRegisteredEvent(this, context.getBean(Registration.class)));

				assertThat(context).doesNotHaveBean(IpcServerMetadataPublisher.class);
				assertThat(metadata).isEmpty();
			});
	}

	@Test
	void aServerOnAUnixSocketPublishesNothing() throws IOException {
		Path directory = SocketPaths.newSocketDirectory();
		try {
			Map<String, String> metadata = new HashMap<>();
			this.contextRunner.withPropertyValues("ipc.server.address=unix:" + directory.resolve("calc.sock"))
				.withBean(Registration.class, () -> new IpcRegistrationSample(metadata))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(IpcServer.class).isRunning()).isTrue();
					context.publishEvent(new InstancePreRegisteredEvent(this, context.getBean(Registration.class)));

					assertThat(context).hasSingleBean(IpcServerMetadataPublisher.class);
					assertThat(metadata).isEmpty();
				});
		}
		finally {
			SocketPaths.deleteRecursively(directory);
		}
	}

	@Test
	void anImmutableMetadataMapIsReportedOnceAtWarnAndStartupContinues(CapturedOutput output) {
		this.contextRunner.withPropertyValues(ANY_TCP_PORT)
			.withBean(Registration.class, () -> new IpcRegistrationSample(Map.of()))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(IpcServer.class).isRunning()).isTrue();
				context.publishEvent(new InstancePreRegisteredEvent(this, context.getBean(Registration.class)));

				String warning = "Cannot publish ipc.port=" + boundPort(context.getBean(IpcServer.class))
						+ " and ipc.protocol in the metadata of the Spring Cloud registration "
						+ IpcRegistrationSample.class.getName() + ": its metadata cannot be changed";
				assertThat(output.getAll().lines().filter((line) -> line.contains(warning))).singleElement()
					.asString()
					.contains("WARN")
					.contains("lb:// clients will call its registered port " + IpcRegistrationSample.HTTP_PORT)
					.contains("set ipc.server.discovery.publish-metadata=false");
			});
	}

	@Test
	void withoutSpringCloudCommonsTheConfigurationIsNotLoaded() {
		this.contextRunner.withPropertyValues(ANY_TCP_PORT)
			.withClassLoader(new FilteredClassLoader(Registration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(IpcServer.class).isRunning()).isTrue();
				assertThat(context).doesNotHaveBean(IpcServerMetadataAutoConfiguration.class);
				assertThat(context).doesNotHaveBean(IpcServerMetadataPublisher.class);
			});
	}

	@Test
	void anApplicationServingNoIpcPublishesNothing() {
		Map<String, String> metadata = new HashMap<>();
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(IpcServerAutoConfiguration.class, IpcServerMetadataAutoConfiguration.class,
							JacksonAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
			.withBean(Registration.class, () -> new IpcRegistrationSample(metadata))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(IpcServerMetadataPublisher.class);
				assertThat(metadata).isEmpty();
			});
	}

	private static int boundPort(IpcServer server) {
		return ((IpcAddress.Tcp) server.address()).port();
	}

	@Configuration(proxyBeanMethods = false)
	static class CalculatorConfiguration {

		@Bean
		Calculator calculator() {
			return new Calculator();
		}

	}

	@IpcService
	static class Calculator {

		public int add(int a, int b) {
			return a + b;
		}

	}

}
