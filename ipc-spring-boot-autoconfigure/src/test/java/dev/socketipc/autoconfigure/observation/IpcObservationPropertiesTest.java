package dev.socketipc.autoconfigure.observation;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.socketipc.autoconfigure.IpcClientProperties;
import dev.socketipc.autoconfigure.IpcServerProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observation properties are on by default, with the default convention, and the IDE
 * metadata describes them with those defaults.
 */
class IpcObservationPropertiesTest {

	@Test
	void observationsAreOnWithTheDefaultConventionUnlessConfigured() {
		assertThat(new IpcServerProperties().getObservations().isEnabled()).isTrue();
		assertThat(new IpcClientProperties().getObservations().isEnabled()).isTrue();
		assertThat(new IpcObservationProperties().getConvention())
			.isEqualTo(IpcObservationProperties.Convention.DEFAULT);
	}

	@Test
	void metadataDescribesEachPropertyWithItsDefault() throws Exception {
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
				properties.put(property.get("name").stringValue(), property);
			}
		}
		assertThat(properties.get("ipc.server.observations.enabled").get("defaultValue").asBoolean()).isTrue();
		assertThat(properties.get("ipc.client.observations.enabled").get("defaultValue").asBoolean()).isTrue();
		assertThat(properties.get("ipc.observation.convention").get("defaultValue").asString()).isEqualTo("default");
		for (String name : new String[] { "ipc.server.observations.enabled", "ipc.client.observations.enabled",
				"ipc.observation.convention" }) {
			assertThat(properties.get(name).get("description").stringValue()).as(name).isNotBlank();
		}
	}

}
