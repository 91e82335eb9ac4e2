package dev.socketipc.autoconfigure.loadbalancer;

import dev.socketipc.annotation.IpcClient;
import dev.socketipc.autoconfigure.EnableIpcClients;
import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;
import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.autoconfigure.IpcListener;
import dev.socketipc.autoconfigure.loadbalancer.app.LbClientsPackage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Startup failures of {@code lb://} servers, each naming the property at fault: no Spring
 * Cloud LoadBalancer on the classpath, a malformed {@code lb://} address, and events
 * (which belong to one server) asked of a balanced server.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class LoadBalancedStartupFailureTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpcClientAutoConfiguration.class,
				UtilAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class,
				SimpleReactiveDiscoveryClientAutoConfiguration.class, LoadBalancerAutoConfiguration.class,
				IpcLoadBalancerAutoConfiguration.class))
		.withUserConfiguration(LbClientsPackage.class)
		.withPropertyValues("ipc.client.lazy=true");

	@Test
	void withoutSpringCloudLoadBalancerTheAddressFailsNamingThePropertyAndTheStarter() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpcClientAutoConfiguration.class,
					IpcLoadBalancerAutoConfiguration.class))
			.withUserConfiguration(LbClientsPackage.class)
			.withClassLoader(new FilteredClassLoader("org.springframework.cloud"))
			.withPropertyValues("ipc.client.servers.calc.address=lb://calc")
			.run((context) -> assertFailure(context, "ipc.client.servers.calc.address",
					"ipc.client.servers.calc.address=lb://calc needs Spring Cloud LoadBalancer: add "
							+ "org.springframework.cloud:spring-cloud-starter-loadbalancer (version from "
							+ "spring-cloud-dependencies 2025.1.x)"));
	}

	@Test
	void withSpringCloudLoadBalancerTheFactoryIsThere() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(dev.socketipc.autoconfigure.IpcBalancerFactory.class));
	}

	@Test
	void loadBalancerSwitchedOffLeavesNoFactoryAndTheAddressFails() {
		this.runner
			.withPropertyValues("spring.cloud.loadbalancer.enabled=false", "ipc.client.servers.calc.address=lb://calc")
			.run((context) -> assertFailure(context, "ipc.client.servers.calc.address",
					"needs Spring Cloud LoadBalancer"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "lb://", "lb:calc", "lb:/calc", "lb://calc:7070", "lb://calc/path", "lb://calc?zone=a",
			"lb://user@calc", "lb://ca lc" })
	void malformedBalancedAddressFailsNamingTheProperty(String address) {
		this.runner.withPropertyValues("ipc.client.servers.calc.address=" + address)
			.run((context) -> assertFailure(context, "ipc.client.servers.calc.address",
					"'" + address + "' is not a balanced address; use lb://<serviceId>"));
	}

	@Test
	void allowedServerUidsOnABalancedServerFailNamingTheProperty() {
		this.runner
			.withPropertyValues("ipc.client.servers.calc.address=lb://calc",
					"ipc.client.servers.calc.allowed-server-uids=0")
			.run((context) -> assertFailure(context, "ipc.client.servers.calc.allowed-server-uids",
					"allowed-server-uids needs a Unix socket address"));
	}

	@Test
	void idempotentMethodThatNoMethodAnswersToFailsNamingTheProperty() {
		this.runner
			.withPropertyValues("ipc.client.servers.calc.address=lb://calc",
					"ipc.client.servers.calc.idempotent-methods=holdAgain,hodlAgain")
			.run((context) -> assertFailure(context, "ipc.client.servers.calc.idempotent-methods[1]",
					"no method of [dev.socketipc.autoconfigure.loadbalancer.app.LbCalc] is named 'hodlAgain'"));
	}

	@Test
	void listenerOfABalancedServerFailsNamingThePropertyAndTheMethod() {
		this.runner.withBean(PriceListener.class)
			.withPropertyValues("ipc.client.servers.calc.address=lb://calc")
			.run((context) -> assertFailure(context, "ipc.client.servers.calc.address",
					"@IpcListener(client = \"calc\", topic = \"prices\") on PriceListener.onPrice(String) of bean",
					"needs a single-instance address (unix:, tcp://host:port or local:)"));
	}

	@Test
	void applicationEventsOfABalancedServerFailNamingTheProperty() {
		this.runner
			.withPropertyValues("ipc.client.servers.calc.address=lb://calc",
					"ipc.client.servers.calc.application-events=true")
			.run((context) -> assertFailure(context, "ipc.client.servers.calc.address",
					"ipc.client.servers.calc.application-events=true needs a single-instance address"));
	}

	@Test
	void connectionToABalancedServerIsRefusedNamingTheProperty() {
		this.runner.withPropertyValues("ipc.client.servers.calc.address=lb://calc").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThatThrownBy(() -> context.getBean(IpcClientRegistry.class).connectionTo("calc"))
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("ipc.client.servers.calc.address"))
				.hasMessageContaining("IpcClientRegistry.connectionTo(\"calc\") needs a single-instance address");
		});
	}

	@Test
	void discoveryDisabledFailsNamingTheService() {
		this.runner
			.withPropertyValues("spring.cloud.discovery.enabled=false", "ipc.client.servers.calc.address=lb://calc")
			.run((context) -> assertFailure(context, "ipc.client.servers.calc.address",
					"Spring Cloud LoadBalancer has no load balancer for the service 'calc'"));
	}

	@Test
	void balancedAddressInTheAnnotationIsNamedAsTheAnnotationsAttribute() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpcClientAutoConfiguration.class,
					UtilAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class,
					SimpleReactiveDiscoveryClientAutoConfiguration.class, LoadBalancerAutoConfiguration.class,
					IpcLoadBalancerAutoConfiguration.class))
			.withUserConfiguration(AnnotatedAddressClients.class)
			.withPropertyValues("ipc.client.lazy=true", "spring.cloud.discovery.enabled=false")
			.run((context) -> {
				String property = "@IpcClient(address) on " + AnnotatedAddressCalc.class.getName();
				assertFailure(context, property,
						"Spring Cloud LoadBalancer has no load balancer for the service 'calc'");
				assertThat(context.getStartupFailure()).rootCause().message().doesNotContain("ipc.client.servers");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "500us", "-1s" })
	void refreshIntervalUnderOneMillisecondFailsNamingTheProperty(String interval) {
		this.runner
			.withPropertyValues("ipc.client.servers.calc.address=lb://calc",
					"ipc.client.discovery.refresh-interval=" + interval)
			.run((context) -> assertFailure(context, "ipc.client.discovery.refresh-interval", "must be at least 1ms"));
	}

	@Test
	void singleServerSettingsABalancedServerIgnoresAreWarnedAbout(CapturedOutput output) {
		this.runner
			.withPropertyValues("ipc.client.servers.calc.address=lb://calc",
					"ipc.client.servers.calc.wait-for-ready=true", "ipc.client.servers.calc.lazy=false",
					"ipc.client.servers.calc.verify-contract=fail")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("ipc.client.servers.calc.wait-for-ready=true is ignored on an lb:// server",
						"ipc.client.servers.calc.lazy=false is ignored on an lb:// server",
						"ipc.client.servers.calc.verify-contract=fail is ignored on an lb:// server");
			});
	}

	private static void assertFailure(AssertableApplicationContext context, String property, String... messages) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof InvalidConfigurationPropertyValueException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("an InvalidConfigurationPropertyValueException in %s", context.getStartupFailure())
			.isNotNull();
		assertThat(((InvalidConfigurationPropertyValueException) failure).getName()).isEqualTo(property);
		for (String message : messages) {
			assertThat(failure.getMessage()).contains(message);
		}
	}

	@IpcClient(address = "lb://calc")
	interface AnnotatedAddressCalc {

		String echo(String text);

	}

	@EnableIpcClients(clients = AnnotatedAddressCalc.class)
	static class AnnotatedAddressClients {

	}

	static class PriceListener {

		@IpcListener(client = "calc", topic = "prices")
		void onPrice(String price) {
		}

	}

}
