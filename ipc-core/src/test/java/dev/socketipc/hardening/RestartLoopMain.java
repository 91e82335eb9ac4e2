package dev.socketipc.hardening;

import java.time.Duration;

import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.UnixSocketFile;

/**
 * The main class of a child JVM that starts and stops a server on one Unix socket again
 * and again, so that a test running it under a hostile umask sees every moment of a
 * server's startup many times. Prints {@code CYCLES <n>} when done.
 */
final class RestartLoopMain {

	static final String DONE = "CYCLES ";

	private RestartLoopMain() {
	}

	/**
	 * Runs the loop.
	 * @param args the address and the number of start/stop cycles
	 */
	public static void main(String[] args) {
		IpcServer server = IpcServer.builder()
			.address(IpcAddress.parse(args[0]))
			.service(ServiceDefinition.of("", new Object()))
			.socketPermissions(UnixSocketFile.parsePermissions("rw-------"))
			.shutdownTimeout(Duration.ZERO)
			.build();
		int cycles = Integer.parseInt(args[1]);
		for (int i = 0; i < cycles; i++) {
			server.start();
			server.stop();
		}
		System.out.println(DONE + cycles);
		System.out.flush();
		System.exit(0);
	}

}
