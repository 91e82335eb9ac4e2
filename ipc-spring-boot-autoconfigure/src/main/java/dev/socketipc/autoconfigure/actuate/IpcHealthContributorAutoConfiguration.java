package dev.socketipc.autoconfigure.actuate;

import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;
import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.autoconfigure.IpcServerAutoConfiguration;
import dev.socketipc.server.IpcServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the IPC health contributors, when Spring Boot's health module is
 * present: {@code ipcServer} for the {@link IpcServer} (switched off with
 * {@code management.health.ipc-server.enabled=false}) and {@code ipcClients} for the
 * connections of the {@code @IpcClient} proxies
 * ({@code management.health.ipc-clients.enabled=false}).
 */
@AutoConfiguration(after = { IpcServerAutoConfiguration.class, IpcClientAutoConfiguration.class })
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
public final class IpcHealthContributorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(IpcServer.class)
	@ConditionalOnEnabledHealthIndicator("ipc-server")
	static class ServerHealthConfiguration {

		/**
		 * Named so that the component is {@code ipcServer}: Spring Boot drops the
		 * {@code HealthIndicator} suffix.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "ipcServerHealthIndicator")
		IpcServerHealthIndicator ipcServerHealthIndicator(IpcServer ipcServer) {
			return new IpcServerHealthIndicator(ipcServer);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(IpcClientRegistry.class)
	@ConditionalOnEnabledHealthIndicator("ipc-clients")
	static class ClientsHealthConfiguration {

		/**
		 * Named so that the component is {@code ipcClients}: Spring Boot drops the
		 * {@code HealthContributor} suffix.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "ipcClientsHealthContributor")
		IpcClientsHealthContributor ipcClientsHealthContributor(IpcClientRegistry ipcClientRegistry) {
			return new IpcClientsHealthContributor(ipcClientRegistry);
		}

	}

}
