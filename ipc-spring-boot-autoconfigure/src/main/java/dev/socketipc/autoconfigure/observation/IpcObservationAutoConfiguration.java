package dev.socketipc.autoconfigure.observation;

import dev.socketipc.autoconfigure.observation.IpcObservationProperties.Convention;
import dev.socketipc.client.IpcClientInterceptor;
import dev.socketipc.server.IpcServerObserver;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Auto-configuration of IPC observations, when the application has an
 * {@link ObservationRegistry} (Spring Boot's observation auto-configuration makes one):
 * the auto-configured server observes every request it reads
 * ({@code ipc.server.observations.enabled}), and every {@code @IpcClient} proxy call is
 * observed by an interceptor that runs first ({@code ipc.client.observations.enabled}).
 * {@code ipc.observation.convention} picks the names and keys; an
 * {@link IpcServerObservationConvention} or {@link IpcClientObservationConvention} bean
 * replaces them.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@EnableConfigurationProperties(IpcObservationProperties.class)
public final class IpcObservationAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "ipc.server.observations.enabled", matchIfMissing = true)
	static class ServerObservationConfiguration {

		@Bean
		IpcServerObserver ipcServerObservations(ObservationRegistry observationRegistry,
				IpcObservationProperties properties, ObjectProvider<IpcServerObservationConvention> convention) {
			IpcServerObservationConvention chosen = (properties.getConvention() == Convention.OPENTELEMETRY)
					? OpenTelemetryIpcServerObservationConvention.INSTANCE
					: DefaultIpcServerObservationConvention.INSTANCE;
			return new IpcServerObservations(observationRegistry, chosen, convention.getIfUnique());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "ipc.client.observations.enabled", matchIfMissing = true)
	static class ClientObservationConfiguration {

		/**
		 * First of the interceptors, so that it times all the caller waits for and the
		 * others run in its scope.
		 */
		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		IpcClientInterceptor ipcClientObservations(ObservationRegistry observationRegistry,
				IpcObservationProperties properties, ObjectProvider<IpcClientObservationConvention> convention) {
			IpcClientObservationConvention chosen = (properties.getConvention() == Convention.OPENTELEMETRY)
					? OpenTelemetryIpcClientObservationConvention.INSTANCE
					: DefaultIpcClientObservationConvention.INSTANCE;
			return new IpcClientObservations(observationRegistry, chosen, convention.getIfUnique());
		}

	}

}
