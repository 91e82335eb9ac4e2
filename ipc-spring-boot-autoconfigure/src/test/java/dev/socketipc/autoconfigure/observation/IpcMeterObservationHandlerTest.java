package dev.socketipc.autoconfigure.observation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.socketipc.autoconfigure.observation.calc.ObservedCalc;
import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcRemoteException;
import dev.socketipc.client.IpcTimeoutException;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link IpcMeterObservationHandler} records the timers Micrometer's
 * {@link DefaultMeterObservationHandler} records for the same calls, name for name, tag
 * for tag and count for count, without its long-task timers: with the default conventions
 * (from its cache), and with a filter or a custom convention changing the key values
 * (from the context). Each scenario runs a real server and client over a Unix socket: an
 * answered call, an unknown method and a timeout.
 */
@Timeout(60)
class IpcMeterObservationHandlerTest {

	private Path directory;

	@BeforeEach
	void createDirectory() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void deleteDirectory() throws Exception {
		SocketPaths.deleteRecursively(this.directory);
	}

	@Test
	void recordsMicrometersTimersWithoutItsLongTaskTimers() throws Exception {
		SimpleMeterRegistry micrometers = new SimpleMeterRegistry();
		run(registry(new DefaultMeterObservationHandler(micrometers)), micrometers, null);
		SimpleMeterRegistry ours = new SimpleMeterRegistry();
		IpcMeterObservationHandler handler = new IpcMeterObservationHandler(ours);
		run(registry(new FirstMatchingCompositeObservationHandler(handler, new DefaultMeterObservationHandler(ours))),
				ours, null);

		assertThat(timers(ours)).isEqualTo(timers(micrometers))
			.containsEntry("ipc.server{error=none, error.type=none, network.transport=unix, rpc.method=add, "
					+ "rpc.status_code=OK, rpc.system.name=socket-ipc}", 1.0)
			.containsEntry(
					"ipc.client{error=IpcTimeoutException, error.type=dev.socketipc.client.IpcTimeoutException, "
							+ "ipc.server.name=calc, network.transport=unix, rpc.method=slow, rpc.status_code=TIMEOUT, "
							+ "rpc.system.name=socket-ipc, server.address=" + this.directory.resolve("calc.sock") + "}",
					1.0);
		assertThat(micrometers.find("ipc.server.active").longTaskTimers()).isNotEmpty();
		assertThat(ours.find("ipc.server.active").longTaskTimers()).isEmpty();
		assertThat(ours.find("ipc.client.active").longTaskTimers()).isEmpty();
		assertThat(handler.cachedTimers()).isEqualTo(timers(ours).size());
	}

	@Test
	void keyValuesAFilterAddsOrRemovesAreRecordedAsMicrometerRecordsThem() throws Exception {
		ObservationFilter filter = (context) -> (context.getName().startsWith("ipc."))
				? context.addLowCardinalityKeyValue(KeyValue.of("region", "eu"))
					.removeLowCardinalityKeyValue("error.type")
				: context;
		SimpleMeterRegistry micrometers = new SimpleMeterRegistry();
		ObservationRegistry withMicrometers = registry(new DefaultMeterObservationHandler(micrometers));
		withMicrometers.observationConfig().observationFilter(filter);
		run(withMicrometers, micrometers, null);
		SimpleMeterRegistry ours = new SimpleMeterRegistry();
		IpcMeterObservationHandler handler = new IpcMeterObservationHandler(ours);
		ObservationRegistry withOurs = registry(handler);
		withOurs.observationConfig().observationFilter(filter);
		run(withOurs, ours, null);

		assertThat(timers(ours)).isEqualTo(timers(micrometers))
			.containsEntry("ipc.server{error=none, network.transport=unix, region=eu, rpc.method=add, "
					+ "rpc.status_code=OK, rpc.system.name=socket-ipc}", 1.0);
		assertThat(handler.cachedTimers()).isZero();
	}

	@Test
	void aCustomConventionsKeyValuesAreRecordedAsMicrometerRecordsThem() throws Exception {
		IpcServerObservationConvention custom = new DefaultIpcServerObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(IpcServerObservationContext context) {
				return super.getLowCardinalityKeyValues(context).and("tenant", "blue");
			}

		};
		SimpleMeterRegistry micrometers = new SimpleMeterRegistry();
		run(registry(new DefaultMeterObservationHandler(micrometers)), micrometers, custom);
		SimpleMeterRegistry ours = new SimpleMeterRegistry();
		run(registry(new IpcMeterObservationHandler(ours)), ours, custom);

		assertThat(timers(ours)).isEqualTo(timers(micrometers))
			.containsEntry("ipc.server{error=none, error.type=none, network.transport=unix, rpc.method=add, "
					+ "rpc.status_code=OK, rpc.system.name=socket-ipc, tenant=blue}", 1.0);
	}

	@Test
	void keepsAtMostItsBoundOfTimersAndStillRecordsEveryCall() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		IpcMeterObservationHandler handler = new IpcMeterObservationHandler(meters);
		ObservationRegistry registry = registry(handler);
		int methods = IpcMeterObservationHandler.MAX_TIMERS + 10;
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < methods; i++) {
				IpcServerObservationContext context = new IpcServerObservationContext(new TestRequest("m" + i));
				Observation observation = IpcObservationDocumentation.SERVER
					.observation(null, DefaultIpcServerObservationConvention.INSTANCE, () -> context, registry)
					.start();
				context.setResponse("OK");
				observation.stop();
			}
		}
		assertThat(handler.cachedTimers()).isEqualTo(IpcMeterObservationHandler.MAX_TIMERS);
		assertThat(meters.find("ipc.server").timers()).hasSize(methods)
			.allSatisfy((timer) -> assertThat(timer.count()).isEqualTo(2));
	}

	/**
	 * Calls {@code add}, the unknown {@code missing} (refused by the client, which knows
	 * the server's methods) and {@code slow} (which times out) through a server and a
	 * client observed into the registry, and waits for the two server observations to
	 * stop.
	 */
	private void run(ObservationRegistry registry, MeterRegistry meters,
			IpcServerObservationConvention serverConvention) throws Exception {
		CalcService service = new CalcService();
		IpcServer server = IpcServer.builder()
			.address(new IpcAddress.Unix(SocketPaths.socketFile(this.directory, "calc.sock")))
			.service(ServiceDefinition.of("", service))
			.observer(new IpcServerObservations(registry, DefaultIpcServerObservationConvention.INSTANCE,
					serverConvention))
			.shutdownTimeout(Duration.ZERO)
			.build();
		server.start();
		try (IpcConnection connection = IpcConnection.builder(server.address()).build()) {
			connection.connect();
			ClientOptions options = new ClientOptions("", Duration.ofSeconds(10),
					Map.of("slow", Duration.ofMillis(100)), true)
				.withServer("calc")
				.withInterceptors(List.of(new IpcClientObservations(registry)));
			ObservedCalc calc = IpcClientFactory.create(ObservedCalc.class, connection, options);
			assertThat(calc.add(1, 2)).isEqualTo(3);
			assertThatThrownBy(calc::missing).isInstanceOf(IpcRemoteException.class);
			assertThatThrownBy(calc::slow).isInstanceOf(IpcTimeoutException.class);
			service.release();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> meters.find("ipc.server").timers().stream().mapToLong(Timer::count).sum() == 2);
		}
		finally {
			server.stop();
		}
	}

	private static ObservationRegistry registry(io.micrometer.observation.ObservationHandler<?> handler) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(handler);
		return registry;
	}

	/** Every timer as "name{sorted tags}" → count; long-task timers are not timers. */
	private static Map<String, Double> timers(MeterRegistry meters) {
		Map<String, Double> timers = new TreeMap<>();
		for (Timer timer : meters.find("ipc.server").timers()) {
			timers.put(describe(timer), (double) timer.count());
		}
		for (Timer timer : meters.find("ipc.client").timers()) {
			timers.put(describe(timer), (double) timer.count());
		}
		assertThat(meters.getMeters()).noneMatch((meter) -> meter instanceof Timer
				&& !List.of("ipc.server", "ipc.client").contains(meter.getId().getName()));
		return timers;
	}

	private static String describe(Timer timer) {
		Map<String, String> tags = new TreeMap<>();
		timer.getId().getTags().forEach((tag) -> tags.put(tag.getKey(), tag.getValue()));
		return timer.getId().getName() + tags;
	}

}
