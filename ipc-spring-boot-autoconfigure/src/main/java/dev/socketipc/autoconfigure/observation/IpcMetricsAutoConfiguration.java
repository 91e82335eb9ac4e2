package dev.socketipc.autoconfigure.observation;

import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;
import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.autoconfigure.IpcServerAutoConfiguration;
import dev.socketipc.server.IpcServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * Auto-configuration of the IPC gauges and counters ({@link IpcMeters}), when the
 * application has a {@link MeterRegistry}; Spring Boot binds them to it. The IPC
 * observations become timers through {@link IpcMeterObservationHandler}, which Spring
 * Boot puts before its own meter handler ({@code ipc.observation.meter-handler.enabled}).
 */
@AutoConfiguration(after = { IpcServerAutoConfiguration.class, IpcClientAutoConfiguration.class }, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, MeterBinder.class })
@ConditionalOnBean(MeterRegistry.class)
public final class IpcMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IpcMeters ipcMeters(ListableBeanFactory beanFactory, ObjectProvider<IpcClientRegistry> clients) {
		return new IpcMeters(beanFactory.getBeansOfType(IpcServer.class), clients.getIfAvailable());
	}

	/**
	 * Ordered before Spring Boot's {@code DefaultMeterObservationHandler}, so that it is
	 * the first meter handler to support an IPC observation.
	 */
	@Bean
	@Order(0)
	@ConditionalOnMissingBean
	@ConditionalOnClass(ObservationRegistry.class)
	@ConditionalOnBooleanProperty(name = "ipc.observation.meter-handler.enabled", matchIfMissing = true)
	IpcMeterObservationHandler ipcMeterObservationHandler(MeterRegistry meterRegistry) {
		return new IpcMeterObservationHandler(meterRegistry);
	}

}
