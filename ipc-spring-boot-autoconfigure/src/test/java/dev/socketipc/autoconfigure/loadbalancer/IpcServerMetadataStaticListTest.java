package dev.socketipc.autoconfigure.loadbalancer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.socketipc.annotation.IpcClient;
import dev.socketipc.autoconfigure.EnableIpcClients;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.transport.IpcAddress;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClient;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The static-list example of {@code docs/scaling.md}, read from the document itself: its
 * instances bind as the document says, the third one's IPC port coming from its
 * {@code ipc.port} metadata (the key the server publishes); and, pointed at three servers
 * on loopback, it spreads an {@code @IpcClient}'s calls over all three, recorded by
 * Spring Cloud's load-balancer meters as the document says.
 */
@Timeout(120)
class IpcServerMetadataStaticListTest {

	private static final String MARKER = "<!-- scaling.md:static-list";

	private final List<IpcServer> servers = new ArrayList<>();

	@AfterEach
	void stopServers() {
		this.servers.forEach(IpcServer::stop);
	}

	@Test
	void theDocumentedStaticListBindsThreeInstancesOneWithItsIpcPortInMetadata() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(UtilAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class))
			.withInitializer((context) -> yaml(documentedStaticList())
				.forEach(context.getEnvironment().getPropertySources()::addFirst))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				List<ServiceInstance> instances = context.getBean(SimpleDiscoveryClient.class).getInstances("calc");
				assertThat(instances).extracting(ServiceInstance::getHost, ServiceInstance::getPort)
					.containsExactly(tuple("10.0.0.11", 7070), tuple("10.0.0.12", 7070), tuple("10.0.0.13", 8080));
				assertThat(instances).noneMatch(ServiceInstance::isSecure);
				assertThat(instances.get(2).getMetadata()).containsExactly(Map.entry("ipc.port", "7070"));
				assertThat(context.getEnvironment().getProperty("ipc.client.servers.calculator.address"))
					.isEqualTo("lb://calc");
			});
	}

	@Test
	void theDocumentedStaticListPointedAtThreeLoopbackServersSpreadsTheCallsOverAllThree() {
		try (ConfigurableApplicationContext context = runDocumentedClient()) {
			Calculator calculator = context.getBean(Calculator.class);
			Map<String, Integer> calls = new TreeMap<>();
			for (int i = 0; i < 30; i++) {
				calls.merge(calculator.instance(), 1, Integer::sum);
			}
			assertThat(calculator.add(2, 3)).isEqualTo(5);
			assertThat(calls).containsOnly(Map.entry("s0", 10), Map.entry("s1", 10), Map.entry("s2", 10));
		}
	}

	@Test
	void springCloudsLoadBalancerMetersRecordEveryCallByInstanceAsTheDocumentSays() {
		try (ConfigurableApplicationContext context = runDocumentedClient(
				"spring.cloud.loadbalancer.stats.micrometer.enabled=true")) {
			Calculator calculator = context.getBean(Calculator.class);
			for (int i = 0; i < 6; i++) {
				calculator.instance();
			}
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			for (int i = 0; i < 3; i++) {
				Timer success = meters.find("loadbalancer.requests.success")
					.tag("serviceId", "calc")
					.tag("serviceInstance.host", "127.0.0.1")
					.tag("serviceInstance.port", (i < 2) ? Integer.toString(port(i)) : "8080")
					.tag("method", "UNKNOWN")
					.tag("uri", "UNKNOWN")
					.timer();
				assertThat(success).as("loadbalancer.requests.success of instance %d", i).isNotNull();
				assertThat(success.count()).as("calls of instance %d", i).isEqualTo(2);
			}
			assertThat(meters.find("loadbalancer.requests.active").tag("serviceId", "calc").gauges()).isNotEmpty();
		}
	}

	private ConfigurableApplicationContext runDocumentedClient(String... properties) {
		for (int i = 0; i < 3; i++) {
			IpcServer server = IpcServer.builder()
				.address(new IpcAddress.Tcp("127.0.0.1", 0))
				.service(ServiceDefinition.of("", new Instance("s" + i)))
				.shutdownTimeout(Duration.ZERO)
				.build();
			server.start();
			this.servers.add(server);
		}
		String yaml = replace(documentedStaticList(), "tcp://10.0.0.11:7070", "tcp://127.0.0.1:" + port(0));
		yaml = replace(yaml, "tcp://10.0.0.12:7070", "tcp://127.0.0.1:" + port(1));
		yaml = replace(yaml, "host: 10.0.0.13", "host: 127.0.0.1");
		yaml = replace(yaml, "ipc.port: \"7070\"", "ipc.port: \"" + port(2) + "\"");
		List<PropertySource<?>> sources = yaml(yaml);
		return new SpringApplicationBuilder(ClientApplication.class).web(WebApplicationType.NONE)
			.initializers((app) -> sources.forEach(app.getEnvironment().getPropertySources()::addFirst))
			.properties("spring.main.banner-mode=off", "ipc.server.enabled=false")
			.properties(properties)
			.run();
	}

	private int port(int index) {
		return ((IpcAddress.Tcp) this.servers.get(index).address()).port();
	}

	private static String replace(String text, String target, String replacement) {
		assertThat(text).as("docs/scaling.md's static list").contains(target);
		return text.replace(target, replacement);
	}

	static String documentedStaticList() {
		try {
			String document = Files.readString(Path.of("../docs/scaling.md"), StandardCharsets.UTF_8);
			int marker = document.indexOf(MARKER);
			assertThat(marker).as("the static-list marker in docs/scaling.md").isNotNegative();
			int start = document.indexOf("```yaml\n", marker) + "```yaml\n".length();
			return document.substring(start, document.indexOf("```", start));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<PropertySource<?>> yaml(String yaml) {
		try {
			return new YamlPropertySourceLoader().load("docs/scaling.md (static list)",
					new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The client application of the document: auto-configured, with only the
	 * {@code calculator} client.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableIpcClients(clients = Calculator.class)
	static class ClientApplication {

	}

	@IpcClient("calculator")
	interface Calculator {

		int add(int a, int b);

		String instance();

	}

	/**
	 * One instance of the service: adds, and says which instance it is.
	 */
	public static class Instance {

		private final String id;

		Instance(String id) {
			this.id = id;
		}

		public int add(int a, int b) {
			return a + b;
		}

		public String instance() {
			return this.id;
		}

	}

}
