package dev.socketipc.test.autoconfigure;

import dev.socketipc.autoconfigure.IpcServerAutoConfiguration;
import dev.socketipc.server.IpcServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the in-process transport for tests, when
 * {@code ipc.test.in-process.enabled} is {@code true}
 * ({@link AutoConfigureIpcInProcessTransport}): the IPC server binds a {@code local:}
 * address unique to the application context.
 */
@AutoConfiguration(before = IpcServerAutoConfiguration.class)
@ConditionalOnClass(IpcServer.class)
@ConditionalOnBooleanProperty("ipc.test.in-process.enabled")
public final class IpcInProcessTransportAutoConfiguration {

	@Bean
	InProcessTransport ipcInProcessTransport(Environment environment) {
		return new InProcessTransport(environment.getProperty("ipc.test.in-process.peer-uid", Long.class, -1L),
				environment.getProperty("ipc.test.in-process.peer-gid", Long.class, -1L));
	}

}
