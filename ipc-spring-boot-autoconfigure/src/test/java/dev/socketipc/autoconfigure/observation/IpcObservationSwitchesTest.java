package dev.socketipc.autoconfigure.observation;

import java.nio.file.Path;
import java.time.Duration;

import dev.socketipc.autoconfigure.observation.calc.ObservedCalc;
import dev.socketipc.client.IpcClientInterceptor;
import dev.socketipc.server.IpcServerObserver;
import dev.socketipc.testsupport.SocketPaths;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What switches observations on and off, and what names them: each side's property,
 * Spring Boot's {@code management.observations.enable.ipc}, the absence of an
 * ObservationRegistry or of Micrometer, {@code ipc.observation.convention} and a
 * convention bean.
 */
@Timeout(60)
class IpcObservationSwitchesTest {

	private Path directory;

	private ApplicationContextRunner runner;

	@BeforeEach
	void createDirectory() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
		this.runner = ObservedContexts.observed("unix:" + this.directory.resolve("calc.sock"));
	}

	@AfterEach
	void deleteDirectory() throws Exception {
		SocketPaths.deleteRecursively(this.directory);
	}

	@Test
	void serverObservationsOffLeavesOnlyTheClientTimer() {
		this.runner.withPropertyValues("ipc.server.observations.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(IpcServerObserver.class);
			assertThat(context.getBean(ObservedCalc.class).add(2, 2)).isEqualTo(4);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("ipc.client").tag("rpc.method", "add").timer().count()).isOne();
			assertThat(meters.find("ipc.server").timers()).isEmpty();
		});
	}

	@Test
	void clientObservationsOffLeavesOnlyTheServerTimer() {
		this.runner.withPropertyValues("ipc.client.observations.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(IpcClientObservations.class);
			assertThat(context.getBean(ObservedCalc.class).add(2, 2)).isEqualTo(4);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThat(meters.get("ipc.server").tag("rpc.method", "add").timer().count()).isOne());
			assertThat(meters.find("ipc.client").timers()).isEmpty();
		});
	}

	@Test
	void managementObservationsEnableIpcFalseSwitchesBothSidesOff() {
		this.runner.withPropertyValues("management.observations.enable.ipc=false").run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(IpcServerObserver.class);
			assertThat(context.getBean(ObservedCalc.class).add(2, 2)).isEqualTo(4);
			assertThat(context.getBean(ObservedCalc.class).add(3, 3)).isEqualTo(6);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find("ipc.client").meters()).isEmpty();
			assertThat(meters.find("ipc.server").meters()).isEmpty();
			assertThat(meters.find("ipc.server.connections").gauge()).as("meters stay").isNotNull();
		});
	}

	@Test
	void withoutAnObservationRegistryNothingIsRegisteredAndCallsWork() {
		new ApplicationContextRunner().withConfiguration(ObservedContexts.IPC)
			.withUserConfiguration(ObservedApplication.class)
			.withPropertyValues("ipc.server.address=unix:" + this.directory.resolve("calc.sock"),
					"ipc.client.servers.calc.address=unix:" + this.directory.resolve("calc.sock"))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(ObservationRegistry.class)
					.doesNotHaveBean(IpcServerObserver.class)
					.doesNotHaveBean(IpcClientInterceptor.class)
					.doesNotHaveBean(IpcObservationProperties.class)
					.doesNotHaveBean(IpcMeters.class);
				assertThat(context.getBean(ObservedCalc.class).add(1, 2)).isEqualTo(3);
			});
	}

	@Test
	void withoutMicrometerOnTheClassPathNothingLoadsAndCallsWork() {
		new ApplicationContextRunner().withConfiguration(ObservedContexts.IPC)
			.withUserConfiguration(ObservedApplication.class)
			.withPropertyValues("ipc.server.address=unix:" + this.directory.resolve("calc.sock"),
					"ipc.client.servers.calc.address=unix:" + this.directory.resolve("calc.sock"))
			.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(IpcServerObserver.class)
					.doesNotHaveBean(IpcClientInterceptor.class)
					.doesNotHaveBean(IpcMeters.class);
				assertThat(context.getBean(ObservedCalc.class).add(1, 2)).isEqualTo(3);
			});
	}

	@Test
	void openTelemetryConventionNamesTheTimersAfterTheSemanticConventions() {
		this.runner.withPropertyValues("ipc.observation.convention=opentelemetry").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ObservedCalc.class).add(2, 2)).isEqualTo(4);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("rpc.client.call.duration")
				.tags("rpc.system.name", "socket-ipc", "rpc.method", "add", "rpc.response.status_code", "OK",
						"error.type", "none", "server.address", this.directory.resolve("calc.sock").toString())
				.timer()
				.count()).isOne();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(meters.get("rpc.server.call.duration")
					.tags("rpc.system.name", "socket-ipc", "rpc.method", "add", "rpc.response.status_code", "OK",
							"error.type", "none")
					.timer()
					.count()).isOne());
			assertThat(meters.find("ipc.client").timers()).isEmpty();
			assertThat(meters.find("ipc.server").timers()).isEmpty();
		});
	}

	@Test
	void unknownConventionFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("ipc.observation.convention=zipkin").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("Failed to bind properties under 'ipc.observation.convention'");
		});
	}

	@Test
	void conventionBeansReplaceTheChosenOnes() {
		this.runner.withUserConfiguration(CustomConventions.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ObservedCalc.class).add(2, 2)).isEqualTo(4);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("calls.out").tags("rpc.method", "add", "team", "billing").timer().count()).isOne();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(meters.get("calls.in").tag("team", "billing").timer().count()).isOne());
		});
	}

	@Test
	void ipcMeterHandlerRecordsTheIpcTimersAndBootsHandlerEverythingElse() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(IpcMeterObservationHandler.class);
			assertThat(context.getBean(ObservedCalc.class).add(2, 2)).isEqualTo(4);
			Observation.createNotStarted("other.work", context.getBean(ObservationRegistry.class)).observe(() -> {
			});
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThat(meters.get("ipc.server").tag("rpc.method", "add").timer().count()).isOne());
			assertThat(meters.get("ipc.client").tag("rpc.method", "add").timer().count()).isOne();
			assertThat(meters.find("ipc.server.active").longTaskTimers()).isEmpty();
			assertThat(meters.find("ipc.client.active").longTaskTimers()).isEmpty();
			assertThat(meters.get("other.work").timer().count()).isOne();
			assertThat(meters.find("other.work.active").longTaskTimers()).hasSize(1);
		});
	}

	@Test
	void meterHandlerOffLeavesTheIpcTimersToBootsHandler() {
		this.runner.withPropertyValues("ipc.observation.meter-handler.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(IpcMeterObservationHandler.class);
			assertThat(context.getBean(ObservedCalc.class).add(2, 2)).isEqualTo(4);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThat(meters.get("ipc.server").tag("rpc.method", "add").timer().count()).isOne());
			assertThat(meters.find("ipc.server.active").longTaskTimers()).hasSize(1);
			assertThat(meters.find("ipc.client.active").longTaskTimers()).hasSize(1);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomConventions {

		@Bean
		IpcServerObservationConvention serverConvention() {
			return new DefaultIpcServerObservationConvention() {

				@Override
				public String getName() {
					return "calls.in";
				}

				@Override
				public KeyValues getLowCardinalityKeyValues(IpcServerObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and("team", "billing");
				}

			};
		}

		@Bean
		IpcClientObservationConvention clientConvention() {
			return new DefaultIpcClientObservationConvention() {

				@Override
				public String getName() {
					return "calls.out";
				}

				@Override
				public KeyValues getLowCardinalityKeyValues(IpcClientObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and("team", "billing");
				}

			};
		}

	}

}
