package dev.socketipc.autoconfigure.actuate;

import dev.socketipc.autoconfigure.IpcServerAutoConfiguration;
import dev.socketipc.server.IpcServer;

import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code ipc} info contributor, when Spring Boot Actuator is
 * present and the application serves IPC; switched off with
 * {@code management.info.ipc.enabled=false}.
 */
@AutoConfiguration(after = IpcServerAutoConfiguration.class)
@ConditionalOnClass({ InfoContributor.class, ConditionalOnEnabledInfoContributor.class })
public final class IpcInfoContributorAutoConfiguration {

	/**
	 * Nested, so that the property condition is only read once the classes are known to
	 * be there.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(IpcServer.class)
	@ConditionalOnEnabledInfoContributor("ipc")
	static class ServerInfoConfiguration {

		@Bean
		@ConditionalOnMissingBean
		IpcInfoContributor ipcInfoContributor(IpcServer ipcServer) {
			return new IpcInfoContributor(ipcServer);
		}

	}

}
