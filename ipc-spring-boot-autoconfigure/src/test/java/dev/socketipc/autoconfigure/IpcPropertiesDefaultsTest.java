package dev.socketipc.autoconfigure;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.nio.file.attribute.PosixFilePermissions;

import dev.socketipc.client.IpcConnectionBuilder;
import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.ReconnectBackoff;
import dev.socketipc.server.IpcServer;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code ipc.client.*} and {@code ipc.server.*} default is the plain-Java library's
 * default: the value a fresh builder holds, so that a Spring and a plain Java user get
 * the same behaviour from the same silence.
 */
class IpcPropertiesDefaultsTest {

	/**
	 * Reads a setting a fresh builder holds (the builders expose their defaults only
	 * through what they build).
	 */
	private static Object builderDefault(Object builder, String field) throws ReflectiveOperationException {
		Field declared = builder.getClass().getDeclaredField(field);
		declared.setAccessible(true);
		return declared.get(builder);
	}

	/**
	 * The IDE metadata shows each default, and shows the initialiser's value: the
	 * initialisers name library constants, which the annotation processor cannot
	 * evaluate, so additional metadata states them and this test keeps the two equal
	 * (binding every stated default gives the same properties as the initialisers).
	 */
	@Test
	void metadataStatesEveryDefaultAsTheInitialisersHaveIt() throws Exception {
		Map<String, String> defaults = new LinkedHashMap<>();
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
				String name = property.get("name").stringValue();
				JsonNode value = property.get("defaultValue");
				if (name.startsWith("ipc.client.") || name.startsWith("ipc.server.")) {
					// the default of a map entry's key, bound on an entry named 'any'
					defaults.put(name.replace(".*.", ".any."),
							(value != null && !value.isNull()) ? value.asString() : null);
				}
			}
		}
		for (String name : List.of("ipc.client.timeout", "ipc.client.connect-timeout", "ipc.client.wait-for-ready",
				"ipc.client.lazy", "ipc.client.heartbeat-interval", "ipc.client.max-line-length",
				"ipc.client.spin-wait", "ipc.client.reconnect.initial-backoff", "ipc.client.reconnect.max-backoff",
				"ipc.client.reconnect.multiplier", "ipc.client.reconnect.jitter", "ipc.server.enabled",
				"ipc.server.max-line-length", "ipc.server.max-in-flight", "ipc.server.socket-permissions",
				"ipc.server.shutdown-timeout", "ipc.server.io-threads", "ipc.server.read-timeout",
				"ipc.server.idle-timeout", "ipc.server.max-connections", "ipc.server.error-details",
				"ipc.server.max-stream-items", "ipc.server.events.buffer-size", "ipc.server.events.overflow",
				"ipc.client.servers.*.application-events".replace(".*.", ".any."))) {
			assertThat(defaults.get(name)).as("defaultValue of %s", name).isNotNull();
		}
		Map<String, String> stated = new LinkedHashMap<>(defaults);
		stated.values().removeIf(Objects::isNull);
		Binder binder = new Binder(new MapConfigurationPropertySource(stated));
		assertThat(stated).containsKey("ipc.client.servers.any.verify-contract");
		IpcClientProperties client = new IpcClientProperties();
		client.getServers().put("any", new IpcClientProperties.Server());
		assertThat(binder.bindOrCreate("ipc.client", IpcClientProperties.class)).usingRecursiveComparison()
			.isEqualTo(client);
		assertThat(binder.bindOrCreate("ipc.server", IpcServerProperties.class)).usingRecursiveComparison()
			.isEqualTo(new IpcServerProperties());
	}

	@Test
	void clientPropertiesDefaultToTheLibraryDefaults() throws Exception {
		IpcClientProperties properties = new IpcClientProperties();
		IpcConnectionBuilder builder = IpcConnection.builder(new IpcAddress.Tcp("localhost", 1));
		ClientOptions options = ClientOptions.defaults();

		assertThat(properties.getTimeout()).isEqualTo(options.timeout());
		assertThat(properties.isWaitForReady()).isEqualTo(options.waitForReady());
		assertThat(properties.getConnectTimeout()).isEqualTo(builderDefault(builder, "connectTimeout"));
		assertThat(properties.getHeartbeatInterval()).isEqualTo(builderDefault(builder, "heartbeatInterval"));
		assertThat(properties.getSpinWait()).isEqualTo(builderDefault(builder, "spinWait"));
		assertThat(properties.getMaxLineLength().toBytes())
			.isEqualTo(((Integer) builderDefault(builder, "maxLineLength")).longValue());
		ReconnectBackoff backoff = (ReconnectBackoff) builderDefault(builder, "backoff");
		IpcClientProperties.Reconnect reconnect = properties.getReconnect();
		assertThat(new ReconnectBackoff(reconnect.getInitialBackoff(), reconnect.getMaxBackoff(),
				reconnect.getMultiplier(), reconnect.getJitter()))
			.isEqualTo(backoff);
		assertThat(properties.isLazy()).as("clients connect when the context starts").isFalse();
	}

	@Test
	void serverPropertiesDefaultToTheLibraryDefaults() throws Exception {
		IpcServerProperties properties = new IpcServerProperties();
		IpcServerBuilder builder = IpcServer.builder();

		assertThat(properties.getMaxLineLength().toBytes())
			.isEqualTo(((Integer) builderDefault(builder, "maxLineLength")).longValue());
		assertThat(properties.getMaxInFlight()).isEqualTo(builderDefault(builder, "maxInFlight"));
		assertThat(properties.getIoThreads()).isEqualTo(builderDefault(builder, "ioThreads"));
		assertThat(PosixFilePermissions.fromString(properties.getSocketPermissions()))
			.isEqualTo(builderDefault(builder, "socketPermissions"));
		assertThat(properties.getShutdownTimeout()).isEqualTo(builderDefault(builder, "shutdownTimeout"));
		assertThat(properties.getReadTimeout()).isEqualTo(builderDefault(builder, "readTimeout"));
		assertThat(properties.getIdleTimeout()).isEqualTo(builderDefault(builder, "idleTimeout"));
		assertThat(properties.getMaxConnections()).isEqualTo(builderDefault(builder, "maxConnections"));
		assertThat(properties.getErrorDetails()).isEqualTo(builderDefault(builder, "errorDetails"));
		assertThat(properties.getAllowedUids()).isEqualTo(builderDefault(builder, "allowedUids"));
		assertThat(properties.getAllowedGids()).isEqualTo(builderDefault(builder, "allowedGids"));
		assertThat(properties.getSocketDirectoryPermissions())
			.isEqualTo(builderDefault(builder, "socketDirectoryPermissions"));
		assertThat(properties.getTopics()).isEqualTo(builderDefault(builder, "topics"));
		assertThat(properties.getMaxStreamItems()).isEqualTo(builderDefault(builder, "maxStreamItems"));
		assertThat(properties.getEvents().getBufferSize()).isEqualTo(builderDefault(builder, "eventBufferSize"));
		assertThat(properties.getEvents().getOverflow()).isEqualTo(builderDefault(builder, "eventOverflow"));
	}

}
