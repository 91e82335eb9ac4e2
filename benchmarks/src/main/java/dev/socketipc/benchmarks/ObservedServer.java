package dev.socketipc.benchmarks;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.autoconfigure.observation.IpcServerObservations;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.transport.IpcAddress;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * The server of the observations cell: our server with sample-server's {@code add}
 * (direct dispatch), either with observations on (a real {@link SimpleMeterRegistry}
 * behind Micrometer's {@link DefaultMeterObservationHandler}, no tracer: one
 * {@code ipc.server} timer and long-task timer per call) or off (no observer at all), so
 * that the two differ in nothing else.
 *
 * <p>
 * Run as its own process: {@code ObservedServer on|off unix:/path | tcp://host:port}; it
 * prints {@code listening <address>} once it accepts connections, and on SIGTERM the
 * number of calls its timer counted.
 */
public final class ObservedServer {

	private ObservedServer() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 2 || !(args[0].equals("on") || args[0].equals("off"))) {
			System.err.println("usage: ObservedServer on|off unix:/path/to.sock | tcp://host:port");
			System.exit(2);
		}
		boolean on = args[0].equals("on");
		IpcServerBuilder builder = IpcServer.builder()
			.address(IpcAddress.parse(args[1]))
			.service(ServiceDefinition.of("", new Adder()));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		if (on) {
			ObservationRegistry observations = ObservationRegistry.create();
			observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
			builder.observer(new IpcServerObservations(observations));
		}
		IpcServer server = builder.build();
		server.start();
		System.out.println("listening " + server.address());
		System.out.flush();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.stop();
			double calls = meters.find("ipc.server").timers().stream().mapToDouble(Timer::count).sum();
			System.out.println(String.format(Locale.ROOT, "observations %s: ipc.server timers counted %.0f calls",
					on ? "on" : "off", calls));
		}));
		new CountDownLatch(1).await();
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
