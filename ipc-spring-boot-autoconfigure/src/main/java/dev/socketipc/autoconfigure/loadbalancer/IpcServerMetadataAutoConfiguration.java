package dev.socketipc.autoconfigure.loadbalancer;

import dev.socketipc.autoconfigure.IpcServerAutoConfiguration;
import dev.socketipc.server.IpcServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that writes the IPC server's TCP port ({@code ipc.port}) and
 * protocol revision ({@code ipc.protocol}) into the metadata of the application's Spring
 * Cloud {@link Registration} (Consul, Eureka, Zookeeper, ...), so that {@code lb://}
 * clients elsewhere call the IPC port rather than the registered HTTP one, as grpc-spring
 * does with {@code gRPC_port}. Loaded when Spring Cloud Commons is on the classpath and
 * the application serves IPC; switched off with
 * {@code ipc.server.discovery.publish-metadata=false}. A server on a Unix socket or a
 * {@code local:} address publishes nothing.
 */
@AutoConfiguration(after = IpcServerAutoConfiguration.class)
@ConditionalOnClass(Registration.class)
@ConditionalOnBean(IpcServer.class)
@ConditionalOnBooleanProperty(name = IpcRegistrationMetadata.PROPERTY, matchIfMissing = true)
public final class IpcServerMetadataAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IpcServerMetadataPublisher ipcServerMetadataPublisher(IpcServer ipcServer,
			ObjectProvider<Registration> registrations) {
		return new IpcServerMetadataPublisher(new IpcRegistrationMetadata(ipcServer), registrations);
	}

}
