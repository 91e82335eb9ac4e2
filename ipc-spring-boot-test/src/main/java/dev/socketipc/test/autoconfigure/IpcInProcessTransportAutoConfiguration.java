package dev.socketipc.test.autoconfigure;

import dev.socketipc.autoconfigure.IpcServerAutoConfiguration;
import dev.socketipc.server.IpcServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the in-process transport for tests, when
 * {@code ipc.test.in-process.enabled} is {@code true}
 * ({@link AutoConfigureIpcInProcessTransport}): the IPC server binds a {@code local:}
 * address unique to the application context.
 */
@AutoConfiguration(before = IpcServerAutoConfiguration.class)
@ConditionalOnClass(IpcServer.class)
@ConditionalOnBooleanProperty("ipc.test.in-process.enabled")
@EnableConfigurationProperties(IpcInProcessProperties.class)
public final class IpcInProcessTransportAutoConfiguration {

	@Bean
	InProcessTransport ipcInProcessTransport(IpcInProcessProperties properties) {
		return new InProcessTransport(peerId("ipc.test.in-process.peer-uid", properties.getPeerUid()),
				peerId("ipc.test.in-process.peer-gid", properties.getPeerGid()));
	}

	private static long peerId(String property, Long value) {
		if (value == null) {
			return -1;
		}
		if (value < 0) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					"a uid or gid is zero or positive; leave it unset for this JVM's own");
		}
		return value;
	}

}
