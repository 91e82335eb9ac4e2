package dev.socketipc.benchmarks;

import java.util.concurrent.CountDownLatch;

import dev.socketipc.server.EventOverflow;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.transport.IpcAddress;

/**
 * The server of the events cell: our server (as {@link ObservedServer} {@code off} starts
 * it, no observer) with sample-server's {@code add} (direct dispatch), the topic
 * {@value EventBench#TOPIC}, and {@link EventBench}'s control methods that start and stop
 * a publisher thread.
 *
 * <p>
 * Run as its own process: {@code EventServer unix:/path | tcp://host:port
 * [buffer-size [drop-oldest|drop-newest|close]]}; it prints {@code listening <address>}
 * once it accepts connections, and stops on SIGTERM.
 */
public final class EventServer {

	private EventServer() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 1 || args.length > 3) {
			System.err.println("usage: EventServer unix:/path/to.sock | tcp://host:port "
					+ "[buffer-size [drop-oldest|drop-newest|close]]");
			System.exit(2);
		}
		int bufferSize = (args.length > 1) ? Integer.parseInt(args[1]) : 1024;
		EventOverflow overflow = (args.length > 2) ? overflow(args[2]) : EventOverflow.DROP_OLDEST;
		EventBench bench = new EventBench();
		IpcServer server = IpcServer.builder()
			.address(IpcAddress.parse(args[0]))
			.service(ServiceDefinition.of("", new ObservedServer.Adder()))
			.service(ServiceDefinition.of("", bench))
			.topic(EventBench.TOPIC)
			.eventBufferSize(bufferSize)
			.eventOverflow(overflow)
			.build();
		bench.publishTo(server.events(), server.statistics());
		server.start();
		System.out.println("listening " + server.address());
		System.out.flush();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		new CountDownLatch(1).await();
	}

	/**
	 * Reads an overflow policy as the property {@code ipc.server.events.overflow} spells
	 * it.
	 */
	static EventOverflow overflow(String value) {
		return EventOverflow.valueOf(value.trim().replace('-', '_').toUpperCase(java.util.Locale.ROOT));
	}

}
