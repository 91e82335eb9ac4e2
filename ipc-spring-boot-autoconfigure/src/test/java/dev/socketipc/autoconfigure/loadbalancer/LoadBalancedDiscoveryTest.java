package dev.socketipc.autoconfigure.loadbalancer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.autoconfigure.loadbalancer.app.LbApplication;
import dev.socketipc.autoconfigure.loadbalancer.app.LbCalc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How an {@code lb://} client follows its service's instance list: a discovery
 * {@link HeartbeatEvent} makes it read the list at once (not only every
 * {@code ipc.client.discovery.refresh-interval}), and a list read empty (a discovery
 * hiccup) retires no connection.
 */
@Timeout(120)
class LoadBalancedDiscoveryTest {

	private CalcInstances instances;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void startInstances() throws IOException {
		this.instances = CalcInstances.start(3);
	}

	@AfterEach
	void stop() throws IOException {
		if (this.context != null) {
			this.context.close();
		}
		this.instances.close();
	}

	@Test
	void heartbeatEventRetiresAnInstanceThatLeftAtOnce() {
		this.context = LbApplication.run(with("ipc.client.discovery.refresh-interval=1h"));
		warmUp();
		LoadBalancedFailoverTest.listed(this.context)
			.removeIf((instance) -> instance.getUri().getPort() == this.instances.port(2));

		this.context.publishEvent(new HeartbeatEvent(this, "changed"));

		await().atMost(Duration.ofSeconds(10)).until(() -> this.instances.server(2).connectionCount() == 0);
		assertThat(connections()).isEqualTo(2);
	}

	@Test
	void emptyInstanceListRetiresNothing() {
		this.context = LbApplication.run(with("ipc.client.discovery.refresh-interval=100ms"));
		warmUp();

		LoadBalancedFailoverTest.listed(this.context).clear();

		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> connections() == 3);
		for (int i = 0; i < 3; i++) {
			assertThat(this.instances.server(i).connectionCount()).isOne();
		}
	}

	private void warmUp() {
		LbCalc calc = this.context.getBean(LbCalc.class);
		for (int i = 0; i < 3; i++) {
			calc.echo("w" + i);
		}
		assertThat(connections()).isEqualTo(3);
	}

	private int connections() {
		return this.context.getBean(IpcClientRegistry.class).balancers().get("calc").connections().size();
	}

	private List<String> with(String property) {
		List<String> properties = new ArrayList<>(List.of(this.instances.discovery()));
		properties.add(property);
		return properties;
	}

}
