package dev.socketipc.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.autoconfigure.observation.IpcMeterObservationHandler;
import dev.socketipc.autoconfigure.observation.IpcServerObservations;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.transport.IpcAddress;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;

/**
 * The server of the observations cell: our server with sample-server's {@code add}
 * (direct dispatch), observed in one of four ways that differ in nothing else:
 * <ul>
 * <li>{@code off}: no observer at all;
 * <li>{@code floor}: {@link IpcServerObservations} into a registry whose only handler
 * does nothing, what Micrometer's Observation API itself costs;
 * <li>{@code on}: into a real {@link SimpleMeterRegistry} as Spring Boot sets it up,
 * {@link IpcMeterObservationHandler} first and Micrometer's
 * {@link DefaultMeterObservationHandler} behind it in a first-matching composite;
 * <li>{@code default}: through {@link DefaultMeterObservationHandler} alone (an
 * {@code ipc.server} timer and long-task timer per call).
 * </ul>
 * No tracer in any of them.
 *
 * <p>
 * Run as its own process: {@code ObservedServer off|floor|on|default unix:/path |
 * tcp://host:port}; it prints {@code listening <address>} once it accepts connections,
 * and on SIGTERM the number of calls its timer counted.
 */
public final class ObservedServer {

	private ObservedServer() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 2 || !List.of("off", "floor", "on", "default").contains(args[0])) {
			System.err.println("usage: ObservedServer off|floor|on|default unix:/path/to.sock | tcp://host:port");
			System.exit(2);
		}
		String mode = args[0];
		IpcServerBuilder builder = IpcServer.builder()
			.address(IpcAddress.parse(args[1]))
			.service(ServiceDefinition.of("", new Adder()));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		if (!mode.equals("off")) {
			ObservationRegistry observations = ObservationRegistry.create();
			observations.observationConfig().observationHandler(handler(mode, meters));
			builder.observer(new IpcServerObservations(observations));
		}
		IpcServer server = builder.build();
		server.start();
		System.out.println("listening " + server.address());
		System.out.flush();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.stop();
			double calls = meters.find("ipc.server").timers().stream().mapToDouble(Timer::count).sum();
			System.out.println(
					String.format(Locale.ROOT, "observations %s: ipc.server timers counted %.0f calls", mode, calls));
		}));
		new CountDownLatch(1).await();
	}

	private static ObservationHandler<Observation.Context> handler(String mode, SimpleMeterRegistry meters) {
		return switch (mode) {
			case "floor" -> (context) -> true;
			case "on" -> new FirstMatchingCompositeObservationHandler(new IpcMeterObservationHandler(meters),
					new DefaultMeterObservationHandler(meters));
			default -> new DefaultMeterObservationHandler(meters);
		};
	}

	/** sample-server's {@code add}. */
	public static final class Adder {

		/**
		 * Sums the numbers on the I/O thread.
		 * @param numbers the numbers
		 * @return their sum
		 */
		@IpcMethod(dispatch = IpcMethod.Dispatch.DIRECT)
		public int add(int... numbers) {
			int sum = 0;
			for (int number : numbers) {
				sum += number;
			}
			return sum;
		}

	}

}
