package dev.socketipc.autoconfigure.loadbalancer.app;

import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A client application of {@code lb://calc}: every auto-configuration on the test
 * classpath (Spring Cloud LoadBalancer and its simple discovery client included), no web
 * server and no IPC server of its own.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class LbApplication {

	/**
	 * Runs the application with the given properties on top of quick settings for tests:
	 * no load-balancer cache (instances seen at once), short reconnection backoff and
	 * refresh interval.
	 * @param properties {@code key=value} pairs
	 * @return the running context
	 */
	public static ConfigurableApplicationContext run(List<String> properties, Class<?>... more) {
		Class<?>[] sources = new Class<?>[more.length + 1];
		sources[0] = LbApplication.class;
		System.arraycopy(more, 0, sources, 1, more.length);
		return new SpringApplicationBuilder(sources).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "ipc.server.enabled=false",
					"spring.cloud.loadbalancer.cache.enabled=false", "ipc.client.servers.calc.address=lb://calc",
					"ipc.client.timeout=5s", "ipc.client.reconnect.initial-backoff=50ms",
					"ipc.client.reconnect.max-backoff=200ms", "ipc.client.discovery.refresh-interval=200ms")
			.properties(properties.toArray(String[]::new))
			.run();
	}

}
