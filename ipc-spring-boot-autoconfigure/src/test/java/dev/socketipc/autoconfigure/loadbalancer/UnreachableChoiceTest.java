package dev.socketipc.autoconfigure.loadbalancer;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.autoconfigure.loadbalancer.app.LbApplication;
import dev.socketipc.autoconfigure.loadbalancer.app.LbCalc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance the load balancer keeps giving although it cannot be called (no valid port)
 * is an attempt that failed as not sent: the call fails over to the next choice instead
 * of failing.
 */
@Timeout(60)
class UnreachableChoiceTest {

	/** The first choice and its re-choices (at least 3) of the first attempt. */
	private static final int UNREACHABLE_CHOICES = 4;

	private static final AtomicInteger choices = new AtomicInteger();

	private static volatile int port;

	private CalcInstances instances;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void start() throws IOException {
		this.instances = CalcInstances.start(1);
		port = this.instances.port(0);
		choices.set(0);
		this.context = LbApplication.run(List.of(this.instances.discovery()), ScriptedClient.class);
	}

	@AfterEach
	void stop() throws IOException {
		this.context.close();
		this.instances.close();
	}

	@Test
	void choiceWithNoValidPortFailsOverToTheNextChoice() {
		assertThat(this.context.getBean(LbCalc.class).echo("v")).isEqualTo("s0:v");
		assertThat(choices.get()).isEqualTo(UNREACHABLE_CHOICES + 1);
	}

	@Configuration(proxyBeanMethods = false)
	@LoadBalancerClient(name = "calc", configuration = ScriptedConfiguration.class)
	static class ScriptedClient {

	}

	static class ScriptedConfiguration {

		@Bean
		ReactorServiceInstanceLoadBalancer scriptedLoadBalancer() {
			return new Scripted();
		}

	}

	/**
	 * Gives an instance with no valid port for the first choices, then the real one.
	 */
	static class Scripted implements ReactorServiceInstanceLoadBalancer {

		@Override
		@SuppressWarnings("rawtypes")
		public Mono<Response<ServiceInstance>> choose(Request request) {
			int choice = choices.incrementAndGet();
			ServiceInstance instance = (choice <= UNREACHABLE_CHOICES)
					? new DefaultServiceInstance("unreachable", "calc", "localhost", 0, false)
					: new DefaultServiceInstance("s0", "calc", "localhost", port, false);
			return Mono.just(new DefaultResponse(instance));
		}

	}

}
