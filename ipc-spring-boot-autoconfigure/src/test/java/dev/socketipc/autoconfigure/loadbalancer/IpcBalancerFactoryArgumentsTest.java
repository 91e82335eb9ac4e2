package dev.socketipc.autoconfigure.loadbalancer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.socketipc.autoconfigure.IpcBalancerFactory;
import dev.socketipc.autoconfigure.IpcClientProperties;
import dev.socketipc.autoconfigure.loadbalancer.app.LbApplication;
import dev.socketipc.autoconfigure.loadbalancer.app.LbCalc;
import dev.socketipc.client.IpcBalancer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the registry tells the {@link IpcBalancerFactory} of an {@code lb://} server: the
 * property its address comes from, and its longest call timeout, which bounds how long
 * the connection of an instance that left the list waits for its calls (a fixed 30 s cut
 * calls of a longer timeout short).
 */
@Timeout(120)
class IpcBalancerFactoryArgumentsTest {

	private CalcInstances instances;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void start() throws IOException {
		this.instances = CalcInstances.start(1);
	}

	@AfterEach
	void stop() throws IOException {
		if (this.context != null) {
			this.context.close();
		}
		this.instances.close();
	}

	@Test
	void longestMethodTimeoutBoundsTheDrainOfALeavingInstance() {
		this.context = run("ipc.client.servers.calc.timeout=2s", "ipc.client.servers.calc.method-timeouts.hold=3m",
				"ipc.client.servers.calc.method-timeouts.echo=1s");

		assertThat(this.context.getBean(LbCalc.class).echo("t")).isEqualTo("s0:t");
		assertThat(this.context.getBean(Recording.class).created)
			.containsExactly(Map.entry("ipc.client.servers.calc.address", Duration.ofMinutes(3)));
	}

	@Test
	void serverTimeoutBoundsTheDrainWhenItIsTheLongest() {
		this.context = run("ipc.client.servers.calc.timeout=2m", "ipc.client.servers.calc.method-timeouts.echo=1s");

		assertThat(this.context.getBean(LbCalc.class).echo("u")).isEqualTo("s0:u");
		assertThat(this.context.getBean(Recording.class).created)
			.containsExactly(Map.entry("ipc.client.servers.calc.address", Duration.ofMinutes(2)));
	}

	private ConfigurableApplicationContext run(String... properties) {
		List<String> all = new ArrayList<>(List.of(this.instances.discovery()));
		all.addAll(List.of(properties));
		return LbApplication.run(all, RecordingConfiguration.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingConfiguration {

		@Bean
		Recording recordingBalancerFactory(LoadBalancerClientFactory clients, IpcClientProperties properties,
				ApplicationContext context) {
			return new Recording(new SpringCloudBalancerFactory(clients, properties.getDiscovery().getRefreshInterval(),
					context.getClassLoader()));
		}

	}

	/**
	 * Spring Cloud's balancer factory, recording the property and longest timeout of each
	 * balancer it creates.
	 */
	static class Recording implements IpcBalancerFactory {

		final Map<String, Duration> created = new ConcurrentHashMap<>();

		private final SpringCloudBalancerFactory delegate;

		Recording(SpringCloudBalancerFactory delegate) {
			this.delegate = delegate;
		}

		@Override
		public IpcBalancer create(String addressProperty, String serviceId, Duration longestTimeout,
				InstanceConnections connections) {
			this.created.put(addressProperty, longestTimeout);
			return this.delegate.create(addressProperty, serviceId, longestTimeout, connections);
		}

	}

}
