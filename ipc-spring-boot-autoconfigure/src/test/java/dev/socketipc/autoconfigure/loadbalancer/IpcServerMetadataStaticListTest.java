package dev.socketipc.autoconfigure.loadbalancer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClient;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The static-list example of {@code docs/scaling.md}, read from the document itself: its
 * instances bind as the document says, the third one's IPC port coming from its
 * {@code ipc.port} metadata, the key the server publishes.
 */
class IpcServerMetadataStaticListTest {

	private static final String MARKER = "<!-- scaling.md:static-list";

	@Test
	void theDocumentedStaticListBindsThreeInstancesOneWithItsIpcPortInMetadata() throws IOException {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(UtilAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class))
			.withInitializer(
					(context) -> documentedYaml().forEach(context.getEnvironment().getPropertySources()::addFirst))
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

	static List<PropertySource<?>> documentedYaml() {
		try {
			String document = Files.readString(Path.of("../docs/scaling.md"), StandardCharsets.UTF_8);
			int marker = document.indexOf(MARKER);
			assertThat(marker).as("the static-list marker in docs/scaling.md").isNotNegative();
			int start = document.indexOf("```yaml\n", marker) + "```yaml\n".length();
			String yaml = document.substring(start, document.indexOf("```", start));
			return new YamlPropertySourceLoader().load("docs/scaling.md (static list)",
					new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
