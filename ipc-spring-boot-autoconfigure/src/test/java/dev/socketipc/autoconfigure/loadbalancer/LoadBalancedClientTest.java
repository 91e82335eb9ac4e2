package dev.socketipc.autoconfigure.loadbalancer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.autoconfigure.IpcConnectionCustomizer;
import dev.socketipc.autoconfigure.loadbalancer.app.LbApplication;
import dev.socketipc.autoconfigure.loadbalancer.app.LbCalc;
import dev.socketipc.client.IpcBalancer;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ipc.client.servers.calc.address=lb://calc} in a real application over three real
 * instances listed by Spring Cloud's simple discovery client: calls are spread per call
 * (round robin), one pooled connection per instance, whose port may come from the
 * instance's metadata {@code ipc.port}.
 */
@Timeout(120)
class LoadBalancedClientTest {

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
	void sequentialCallsAreSplitEvenlyOverTheInstancesWithOneConnectionEach() {
		this.context = LbApplication.run(List.of(this.instances.discovery()));
		LbCalc calc = this.context.getBean(LbCalc.class);
		Map<String, Integer> answered = new ConcurrentHashMap<>();
		for (int i = 0; i < 300; i++) {
			String answer = calc.echo("n" + i);
			assertThat(answer).endsWith(":n" + i);
			answered.merge(answer.substring(0, answer.indexOf(':')), 1, Integer::sum);
		}
		assertThat(answered).containsOnly(Map.entry("s0", 100), Map.entry("s1", 100), Map.entry("s2", 100));
		IpcBalancer balancer = this.context.getBean(IpcClientRegistry.class).balancers().get("calc");
		assertThat(balancer.describe()).isEqualTo("lb://calc");
		assertThat(balancer.connections()).containsOnlyKeys(new IpcAddress.Tcp("localhost", this.instances.port(0)),
				new IpcAddress.Tcp("localhost", this.instances.port(1)),
				new IpcAddress.Tcp("localhost", this.instances.port(2)));
		for (int i = 0; i < 3; i++) {
			assertThat(this.instances.server(i).connectionCount()).as("connections to s%d", i).isEqualTo(1);
		}
	}

	@Test
	void concurrentCallersGetTheirOwnAnswersFromEveryInstance() throws Exception {
		this.context = LbApplication.run(List.of(this.instances.discovery()));
		LbCalc calc = this.context.getBean(LbCalc.class);
		int callers = 64;
		int callsEach = 30;
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger wrong = new AtomicInteger();
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int c = 0; c < callers; c++) {
				int caller = c;
				done.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < callsEach; i++) {
						String text = caller + "-" + i;
						if (!calc.echo(text).endsWith(":" + text)) {
							wrong.incrementAndGet();
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(wrong).hasValue(0);
		int total = 0;
		for (TaggedCalc service : this.instances.services()) {
			assertThat(service.calls()).as("calls answered by %s", service.id()).isPositive();
			total += service.calls();
		}
		assertThat(total).isEqualTo(callers * callsEach);
	}

	@Test
	void instanceConnectionsAreBuiltAsTheServersOtherPropertiesSay() {
		this.context = LbApplication.run(List.of(this.instances.discovery()), CustomizerConfiguration.class);
		LbCalc calc = this.context.getBean(LbCalc.class);
		for (int i = 0; i < 3; i++) {
			calc.echo("c" + i);
		}

		assertThat(this.context.getBean(CustomizerConfiguration.class).customized).as("one connection per instance")
			.containsExactly("calc", "calc", "calc");
	}

	@Test
	void metadataIpcPortIsCalledRatherThanTheRegisteredPort() throws IOException {
		int closedPort = dev.socketipc.testsupport.SocketPaths.freePort();
		this.context = LbApplication.run(List.of(
				"spring.cloud.discovery.client.simple.instances.calc[0].uri=tcp://localhost:" + closedPort,
				"spring.cloud.discovery.client.simple.instances.calc[0].metadata[ipc.port]=" + this.instances.port(1)));
		LbCalc calc = this.context.getBean(LbCalc.class);

		assertThat(calc.echo("a")).isEqualTo("s1:a");
		assertThat(this.context.getBean(IpcClientRegistry.class).balancers().get("calc").connections())
			.containsOnlyKeys(new IpcAddress.Tcp("localhost", this.instances.port(1)));
	}

	@Test
	void kubernetesPortNamedIpcIsCalledRatherThanTheInstancesPort() throws IOException {
		int closedPort = dev.socketipc.testsupport.SocketPaths.freePort();
		this.context = LbApplication.run(List.of(
				"spring.cloud.discovery.client.simple.instances.calc[0].uri=tcp://localhost:" + closedPort,
				"spring.cloud.discovery.client.simple.instances.calc[0].metadata[port.http]=" + closedPort,
				"spring.cloud.discovery.client.simple.instances.calc[0].metadata[port.ipc]=" + this.instances.port(2)));
		LbCalc calc = this.context.getBean(LbCalc.class);

		assertThat(calc.echo("k")).isEqualTo("s2:k");
		assertThat(this.context.getBean(IpcClientRegistry.class).balancers().get("calc").connections())
			.containsOnlyKeys(new IpcAddress.Tcp("localhost", this.instances.port(2)));
	}

	@Test
	void metadataIpcPortWinsOverTheKubernetesPortNamedIpc() throws IOException {
		this.context = LbApplication.run(List.of(
				"spring.cloud.discovery.client.simple.instances.calc[0].uri=tcp://localhost:" + this.instances.port(0),
				"spring.cloud.discovery.client.simple.instances.calc[0].metadata[port.ipc]=" + this.instances.port(2),
				"spring.cloud.discovery.client.simple.instances.calc[0].metadata[ipc.port]=" + this.instances.port(1)));
		LbCalc calc = this.context.getBean(LbCalc.class);

		assertThat(calc.echo("p")).isEqualTo("s1:p");
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		final List<String> customized = new CopyOnWriteArrayList<>();

		@Bean
		IpcConnectionCustomizer recordingCustomizer() {
			return (server, builder) -> this.customized.add(server);
		}

	}

}
