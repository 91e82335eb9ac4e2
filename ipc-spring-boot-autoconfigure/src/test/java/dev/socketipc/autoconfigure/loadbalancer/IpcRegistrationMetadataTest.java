package dev.socketipc.autoconfigure.loadbalancer;

import java.util.HashMap;
import java.util.Map;

import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcRegistrationMetadata} before the server has started, when a
 * registry registers early: the configured port is published unless it is 0, which is not
 * a port a client can call.
 */
class IpcRegistrationMetadataTest {

	@Test
	void beforeTheServerStartsItsConfiguredPortIsPublished() {
		Map<String, String> metadata = new HashMap<>();
		IpcRegistrationMetadata publisher = new IpcRegistrationMetadata(server("tcp://0.0.0.0:7070"));

		assertThat(publisher.writeTo(new IpcRegistrationSample(metadata))).isTrue();
		assertThat(metadata).containsOnly(Map.entry("ipc.port", "7070"), Map.entry("ipc.protocol", "1"));
	}

	@Test
	void beforeTheServerStartsPort0IsNotPublished() {
		Map<String, String> metadata = new HashMap<>();
		IpcRegistrationMetadata publisher = new IpcRegistrationMetadata(server("tcp://0.0.0.0:0"));

		assertThat(publisher.writeTo(new IpcRegistrationSample(metadata))).isFalse();
		assertThat(metadata).isEmpty();
	}

	@Test
	void aNullMetadataMapIsTreatedAsOneThatCannotBeChanged() {
		IpcRegistrationMetadata publisher = new IpcRegistrationMetadata(server("tcp://0.0.0.0:7070"));

		assertThat(publisher.writeTo(new IpcRegistrationSample(null))).isFalse();
	}

	private static IpcServer server(String address) {
		return IpcServer.builder().address(IpcAddress.parse(address)).service(ServiceDefinition.of("", new Object() {

			public int add(int a, int b) {
				return a + b;
			}

		})).build();
	}

}
