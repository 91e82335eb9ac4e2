package dev.socketipc.autoconfigure.actuate;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.socketipc.autoconfigure.loadbalancer.CalcInstances;
import dev.socketipc.autoconfigure.loadbalancer.app.LbApplication;
import dev.socketipc.autoconfigure.loadbalancer.app.LbCalc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code ipcClients} health of an {@code lb://} server: {@code UNKNOWN} naming the
 * service before any call, then one component per instance connected to, each {@code UP}
 * once registered and {@code DOWN} when its instance died.
 */
@Timeout(120)
class IpcBalancerHealthTest {

	private CalcInstances instances;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void start() throws IOException {
		this.instances = CalcInstances.start(3);
		this.context = LbApplication.run(List.of(this.instances.discovery()));
	}

	@AfterEach
	void stop() throws IOException {
		this.context.close();
		this.instances.close();
	}

	@Test
	void balancedServerIsUnknownBeforeItsFirstCall() {
		HealthContributor calc = clients().getContributor("calc");

		assertThat(calc).isInstanceOf(HealthIndicator.class);
		Health health = ((HealthIndicator) calc).health();
		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails()).containsEntry("address", "lb://calc").containsEntry("instances", 0);
		assertThat(clients().stream().map(HealthContributors.Entry::name)).containsExactly("calc");
	}

	@Test
	void balancedServerHasOneComponentPerInstanceConnectedTo() throws IOException {
		LbCalc calc = this.context.getBean(LbCalc.class);
		for (int i = 0; i < 3; i++) {
			calc.echo("h" + i);
		}

		assertThat(instanceStatuses()).containsOnly(Map.entry("localhost:" + this.instances.port(0), Status.UP),
				Map.entry("localhost:" + this.instances.port(1), Status.UP),
				Map.entry("localhost:" + this.instances.port(2), Status.UP));

		this.instances.kill(1);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(instanceStatuses()).containsEntry("localhost:" + this.instances.port(1),
					Status.DOWN));
		HealthIndicator one = (HealthIndicator) ((CompositeHealthContributor) clients().getContributor("calc"))
			.getContributor("localhost:" + this.instances.port(0));
		assertThat(one.health().getDetails()).containsEntry("address", "tcp://localhost:" + this.instances.port(0));
	}

	private Map<String, Status> instanceStatuses() {
		HealthContributor calc = clients().stream()
			.filter((entry) -> entry.name().equals("calc"))
			.findFirst()
			.orElseThrow()
			.contributor();
		assertThat(calc).isInstanceOf(CompositeHealthContributor.class);
		return ((CompositeHealthContributor) calc).stream()
			.collect(Collectors.toMap(HealthContributors.Entry::name,
					(entry) -> ((HealthIndicator) entry.contributor()).health().getStatus()));
	}

	private IpcClientsHealthContributor clients() {
		return this.context.getBean(IpcClientsHealthContributor.class);
	}

}
