package dev.socketipc.autoconfigure.actuate;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.socketipc.autoconfigure.loadbalancer.CalcInstances;
import dev.socketipc.autoconfigure.loadbalancer.app.LbApplication;
import dev.socketipc.autoconfigure.loadbalancer.app.LbCalc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code ipcClients} health of an {@code lb://} server is one indicator for the
 * service: {@code UNKNOWN} naming the service before any call, {@code UP} while any
 * instance is ready (one dead instance of three does not fail it), {@code DOWN} once none
 * is; each instance's status and last failure in its details.
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
		Health health = calcHealth();

		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails()).containsEntry("address", "lb://calc").containsEntry("instances", Map.of());
		assertThat(clients().stream().map(HealthContributors.Entry::name)).containsExactly("calc");
	}

	@Test
	void balancedServerStaysUpWhileOneInstanceIsDown() throws IOException {
		LbCalc calc = this.context.getBean(LbCalc.class);
		for (int i = 0; i < 3; i++) {
			calc.echo("h" + i);
		}
		assertThat(calcHealth().getStatus()).isEqualTo(Status.UP);
		assertThat(instanceDetails()).containsOnly(instance(0, Map.of("status", "UP")),
				instance(1, Map.of("status", "UP")), instance(2, Map.of("status", "UP")));

		this.instances.kill(1);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(instanceDetails().get(name(1))).containsEntry("status", "DOWN")
				.containsKey("lastFailure"));
		Health health = calcHealth();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(instanceDetails()).contains(instance(0, Map.of("status", "UP")),
				instance(2, Map.of("status", "UP")));
	}

	@Test
	void balancedServerIsDownWhenNoInstanceIsReady() throws IOException {
		LbCalc calc = this.context.getBean(LbCalc.class);
		for (int i = 0; i < 3; i++) {
			calc.echo("d" + i);
		}

		for (int i = 0; i < 3; i++) {
			this.instances.kill(i);
		}

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(calcHealth().getStatus()).isEqualTo(Status.DOWN));
		assertThat(calcHealth().getDetails()).containsEntry("address", "lb://calc");
		assertThat(instanceDetails()).hasSize(3)
			.allSatisfy(
					(name, details) -> assertThat(details).containsEntry("status", "DOWN").containsKey("lastFailure"));
	}

	private Health calcHealth() {
		HealthContributor calc = clients().stream()
			.filter((entry) -> entry.name().equals("calc"))
			.findFirst()
			.orElseThrow()
			.contributor();
		assertThat(calc).isInstanceOf(HealthIndicator.class);
		assertThat(clients().getContributor("calc")).isInstanceOf(HealthIndicator.class);
		return ((HealthIndicator) calc).health();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Map<String, Object>> instanceDetails() {
		return (Map<String, Map<String, Object>>) calcHealth().getDetails().get("instances");
	}

	private Map.Entry<String, Map<String, Object>> instance(int index, Map<String, Object> details) {
		return Map.entry(name(index), details);
	}

	private String name(int index) {
		return "localhost:" + this.instances.port(index);
	}

	private IpcClientsHealthContributor clients() {
		return this.context.getBean(IpcClientsHealthContributor.class);
	}

}
