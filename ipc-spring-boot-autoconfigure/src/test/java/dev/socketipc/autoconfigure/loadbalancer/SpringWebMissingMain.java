package dev.socketipc.autoconfigure.loadbalancer;

import java.util.List;

import dev.socketipc.autoconfigure.loadbalancer.app.LbApplication;

import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Run by {@link SpringWebMissingTest} in a JVM without spring-web. {@code lb}: starts an
 * application with {@code lb://calc}, printing {@code STARTED} if it starts (its failure
 * is printed by Spring Boot). {@code trap}: starts one without any {@code lb://} server
 * and asks Spring Cloud LoadBalancer for the load balancer of {@code calc} directly,
 * printing what it throws: what every call would meet without the startup check.
 */
public final class SpringWebMissingMain {

	private SpringWebMissingMain() {
	}

	public static void main(String[] args) {
		boolean trap = args[0].equals("trap");
		List<String> properties = trap
				? List.of("ipc.client.servers.calc.address=tcp://127.0.0.1:1", "ipc.client.lazy=true")
				: List.of("spring.cloud.discovery.client.simple.instances.calc[0].uri=tcp://localhost:1");
		try (ConfigurableApplicationContext context = LbApplication.run(properties)) {
			System.out.println("STARTED");
			if (trap) {
				try {
					context.getBean(LoadBalancerClientFactory.class).getInstance("calc");
					System.out.println("CHOSE A LOAD BALANCER");
				}
				catch (Throwable ex) {
					Throwable cause = ex;
					while (cause.getCause() != null && !(cause instanceof NoClassDefFoundError)) {
						cause = cause.getCause();
					}
					System.out.println("TRAP: " + cause);
				}
			}
		}
		catch (RuntimeException ex) {
			System.out.println("FAILED: " + ex);
			System.exit(1);
		}
	}

}
