package dev.socketipc.sample.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The sample client has no Spring Cloud on its classpath, as a user who has not added it
 * yet: an {@code lb://} address for its server fails at startup naming the property and
 * the starter to add, in Spring Boot's failure report, before any call is made.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class LoadBalancedAddressWithoutSpringCloudTest {

	private static final String MESSAGE = "ipc.client.servers.sample-server.address=lb://calc needs Spring Cloud "
			+ "LoadBalancer: add org.springframework.cloud:spring-cloud-starter-loadbalancer (version from "
			+ "spring-cloud-dependencies 2025.1.x)";

	@Test
	void theSampleClientHasNoSpringCloudOnItsClasspath() {
		ClassLoader loader = getClass().getClassLoader();
		assertThat(ClassUtils.isPresent("org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer",
				loader))
			.isFalse();
		assertThat(ClassUtils.isPresent("org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory",
				loader))
			.isFalse();
	}

	@Test
	void anLbAddressFailsStartupNamingThePropertyAndTheStarterToAdd(CapturedOutput output) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(SampleClientApplication.class)
			.web(WebApplicationType.NONE);

		assertThatException()
			.isThrownBy(() -> application.run("--ipc.client.servers.sample-server.address=lb://calc").close())
			.satisfies((ex) -> assertThat(NestedExceptionUtils.getMostSpecificCause(ex))
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(MESSAGE));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("ipc.client.servers.sample-server.address")
			.contains("org.springframework.cloud:spring-cloud-starter-loadbalancer");
	}

}
