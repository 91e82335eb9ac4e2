package dev.socketipc.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.socketipc.client.ClientOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata of {@code ipc.client.*}: defaults shown, and every key under
 * {@code ipc.client.servers.<name>} described.
 */
class ClientConfigurationMetadataTest {

	private static final Map<String, JsonNode> properties = new LinkedHashMap<>();

	@BeforeAll
	static void readMetadata() throws Exception {
		try (InputStream in = ClientConfigurationMetadataTest.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
				properties.put(property.get("name").stringValue(), property);
			}
		}
	}

	@Test
	void clientTimeoutListsItsDefaultWhichIsTheLibrarysDefault() {
		JsonNode timeout = properties.get("ipc.client.timeout");
		assertThat(timeout.get("defaultValue")).as("defaultValue of ipc.client.timeout").isNotNull();
		assertThat(DurationStyle.detectAndParse(timeout.get("defaultValue").stringValue()))
			.isEqualTo(ClientOptions.DEFAULT_TIMEOUT)
			.isEqualTo(new IpcClientProperties().getTimeout());
		assertThat(properties.get("ipc.client.wait-for-ready").get("defaultValue").booleanValue()).isFalse();
	}

	@Test
	void everyKeyOfAServerEntryIsDescribed() {
		List<String> keys = new ArrayList<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(IpcClientProperties.Server.class)) {
			if (descriptor.getName().equals("class")) {
				continue;
			}
			if (descriptor.getPropertyType() == IpcClientProperties.Ssl.class) {
				for (PropertyDescriptor ssl : BeanUtils.getPropertyDescriptors(IpcClientProperties.Ssl.class)) {
					if (!ssl.getName().equals("class")) {
						keys.add("ssl." + kebab(ssl.getName()));
					}
				}
				continue;
			}
			keys.add(kebab(descriptor.getName()));
		}
		assertThat(keys).contains("address", "timeout", "lazy", "wait-for-ready", "method-timeouts", "ssl.bundle");
		for (String key : keys) {
			JsonNode property = properties.get("ipc.client.servers.*." + key);
			assertThat(property).as("metadata of ipc.client.servers.*.%s", key).isNotNull();
			assertThat(property.get("description").stringValue()).as("description of %s", key).isNotBlank();
			assertThat(property.get("type").stringValue()).as("type of %s", key).isNotBlank();
		}
	}

	private static String kebab(String name) {
		return name.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
	}

}
