package dev.socketipc.autoconfigure.loadbalancer;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.autoconfigure.loadbalancer.LoadBalancerLifecycleTest.Recording;
import dev.socketipc.autoconfigure.loadbalancer.app.LbApplication;
import dev.socketipc.autoconfigure.loadbalancer.app.LbCalc;
import dev.socketipc.client.IpcBalancer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClientsProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@code lb://} client and Spring Cloud's factory of load balancers: a call looks
 * nothing up in it (the service's load balancer and its {@code LoadBalancerLifecycle}
 * beans are found once per server, not once per call: a lookup per call was a third of
 * the cost of balancing), and the balancer is closed before the factory's per-service
 * contexts, so that no refresh creates one again after they closed.
 */
@Timeout(120)
class ServiceBalancerLookupTest {

	private CalcInstances instances;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void start() throws IOException {
		this.instances = CalcInstances.start(3);
		this.context = LbApplication.run(List.of(this.instances.discovery()), CountingConfiguration.class,
				LoadBalancerLifecycleTest.RecordingConfiguration.class);
	}

	@AfterEach
	void stop() throws IOException {
		this.context.close();
		this.instances.close();
	}

	@Test
	void loadBalancerAndLifecycleBeansAreLookedUpOncePerServer() {
		LbCalc calc = this.context.getBean(LbCalc.class);
		CountingClientFactory factory = this.context.getBean(CountingClientFactory.class);
		int balancersBefore = factory.balancers.get();

		for (int i = 0; i < 30; i++) {
			assertThat(calc.echo("l" + i)).endsWith(":l" + i);
		}

		assertThat(factory.lifecycles.get()).as("lookups of LoadBalancerLifecycle beans").isOne();
		assertThat(factory.balancers.get()).as("lookups of the load balancer after startup").isEqualTo(balancersBefore);
		assertThat(this.context.getBean(Recording.class).events)
			.filteredOn((event) -> event.startsWith("onComplete SUCCESS calc echo"))
			.hasSize(30);
	}

	@Test
	void balancerIsClosedBeforeSpringCloudsContextsAre() {
		assertThat(this.context.getBean(LbCalc.class).echo("z")).endsWith(":z");
		IpcBalancer balancer = this.context.getBean(IpcClientRegistry.class).balancers().get("calc");
		CountingClientFactory factory = this.context.getBean(CountingClientFactory.class);
		factory.onDestroy = () -> ((ServiceBalancer) balancer).isClosed();

		this.context.close();

		assertThat(factory.saidOnDestroy).as("the balancer closed when Spring Cloud's factory was destroyed").isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	static class CountingConfiguration {

		@Bean
		CountingClientFactory loadBalancerClientFactory(LoadBalancerClientsProperties properties,
				ObjectProvider<List<LoadBalancerClientSpecification>> configurations) {
			CountingClientFactory factory = new CountingClientFactory(properties);
			factory.setConfigurations(configurations.getIfAvailable(List::of));
			return factory;
		}

	}

	/**
	 * Spring Cloud's factory of load balancers, counting what the client asks it for the
	 * service {@code calc}.
	 */
	static class CountingClientFactory extends LoadBalancerClientFactory {

		final AtomicInteger balancers = new AtomicInteger();

		final AtomicInteger lifecycles = new AtomicInteger();

		/** Asked when the factory is destroyed; {@code null} for nothing to ask. */
		volatile BooleanSupplier onDestroy;

		/**
		 * What {@link #onDestroy} said, {@code null} before the factory was destroyed.
		 */
		volatile Boolean saidOnDestroy;

		CountingClientFactory(LoadBalancerClientsProperties properties) {
			super(properties);
		}

		@Override
		public ReactiveLoadBalancer<ServiceInstance> getInstance(String serviceId) {
			if ("calc".equals(serviceId)) {
				this.balancers.incrementAndGet();
			}
			return super.getInstance(serviceId);
		}

		@Override
		public <T> Map<String, T> getInstances(String name, Class<T> type) {
			if ("calc".equals(name) && type == LoadBalancerLifecycle.class) {
				this.lifecycles.incrementAndGet();
			}
			return super.getInstances(name, type);
		}

		@Override
		public void destroy() {
			BooleanSupplier probe = this.onDestroy;
			this.saidOnDestroy = (probe != null) ? probe.getAsBoolean() : null;
			super.destroy();
		}

	}

}
