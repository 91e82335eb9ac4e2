package dev.socketipc.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.socketipc.annotation.IpcClient;
import dev.socketipc.autoconfigure.EnableIpcClients;
import dev.socketipc.transport.IpcAddress;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The lb cell's client: a Spring Boot application context in the harness's JVM, set up as
 * a user would (spring-cloud-starter-loadbalancer and spring-web on the class path, the
 * instances of {@value #SERVICE} as a static list, Spring Cloud's defaults otherwise),
 * holding two pairs of {@code @IpcClient} proxies on the same interfaces: server
 * {@value #LB} at {@code lb://calc}, server {@value #DIRECT} at one instance's
 * {@code tcp://} address. A {@link CallsPerInstance} lifecycle counts the calls each
 * instance answered through {@code lb://}.
 */
final class LbClients implements AutoCloseable {

	/** The serviceId of the static list. */
	static final String SERVICE = "calc";

	/** The server entry whose address is {@code lb://calc}. */
	static final String LB = "lb";

	/** The server entry whose address is one instance's {@code tcp://} address. */
	static final String DIRECT = "direct";

	/** {@code add} through {@code lb://calc}, blocking. */
	@IpcClient(LB)
	public interface LbAdder extends IpcClientLoad.Adder {

	}

	/** {@code add} through {@code lb://calc}, asynchronous. */
	@IpcClient(LB)
	public interface LbAsyncAdder extends IpcClientLoad.AsyncAdder {

	}

	/** {@code add} on one direct connection, blocking. */
	@IpcClient(DIRECT)
	public interface DirectAdder extends IpcClientLoad.Adder {

	}

	/** {@code add} on one direct connection, asynchronous. */
	@IpcClient(DIRECT)
	public interface DirectAsyncAdder extends IpcClientLoad.AsyncAdder {

	}

	private final ConfigurableApplicationContext context;

	private LbClients(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts the context.
	 * @param instances the addresses of the instances of {@value #SERVICE}
	 * @param direct the address of the direct proxies
	 * @return the running clients
	 */
	static LbClients start(List<IpcAddress> instances, IpcAddress direct) {
		// the harness logs through slf4j-simple: Boot leaves logging alone
		System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
		Map<String, Object> properties = new LinkedHashMap<>();
		for (int i = 0; i < instances.size(); i++) {
			properties.put("spring.cloud.discovery.client.simple.instances." + SERVICE + "[" + i + "].uri",
					instances.get(i).toString());
		}
		properties.put("ipc.client.servers." + LB + ".address", "lb://" + SERVICE);
		properties.put("ipc.client.servers." + DIRECT + ".address", direct.toString());
		// as in the other client cells (and no registry here anyway)
		properties.put("ipc.client.observations.enabled", "false");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(properties)
			.run();
		return new LbClients(context);
	}

	<T> T proxy(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * The calls answered through {@code lb://} by each instance since the last
	 * {@link #resetCounts()}.
	 * @param instances the instances' addresses
	 * @return the counts, in the order of {@code instances}
	 */
	long[] answered(List<IpcAddress> instances) {
		CallsPerInstance calls = this.context.getBean(CallsPerInstance.class);
		return instances.stream().mapToLong(calls::answered).toArray();
	}

	void resetCounts() {
		this.context.getBean(CallsPerInstance.class).reset();
	}

	@Override
	public void close() {
		this.context.close();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableIpcClients(clients = { LbAdder.class, LbAsyncAdder.class, DirectAdder.class, DirectAsyncAdder.class })
	static class Application {

		@Bean
		CallsPerInstance callsPerInstance() {
			return new CallsPerInstance();
		}

	}

}
