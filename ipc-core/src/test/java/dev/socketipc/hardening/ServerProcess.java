package dev.socketipc.hardening;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.socketipc.transport.IpcAddress;

import static org.awaitility.Awaitility.await;

/**
 * An {@link dev.socketipc.server.IpcServer} running in a child JVM
 * ({@link ServerProcessMain}) on the test class path, which a test can kill with
 * {@code SIGKILL} as a crash would.
 */
final class ServerProcess implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(60);

	private final Process process;

	private final Path log;

	private final IpcAddress address;

	private ServerProcess(Process process, Path log, IpcAddress address) {
		this.process = process;
		this.log = log;
		this.address = address;
	}

	/**
	 * Starts a child JVM serving on the address and waits until it listens.
	 * @param address where the child listens (TCP port 0 picks a free port)
	 * @param log where the child's output goes
	 */
	static ServerProcess start(IpcAddress address, Path log) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-cp",
				System.getProperty("java.class.path"), ServerProcessMain.class.getName(), address.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			await().atMost(STARTUP).until(() -> readyLine(log).isPresent() || !process.isAlive());
			String ready = readyLine(log)
				.orElseThrow(() -> new IllegalStateException("the server process exited: " + output(log)));
			return new ServerProcess(process, log, IpcAddress.parse(ready.substring(ServerProcessMain.READY.length())));
		}
		catch (RuntimeException | IOException ex) {
			process.destroyForcibly();
			throw ex;
		}
	}

	private static Optional<String> readyLine(Path log) throws IOException {
		String output = Files.readString(log);
		// Only whole lines: the last one may still be being written.
		return output.substring(0, output.lastIndexOf('\n') + 1)
			.lines()
			.filter((line) -> line.startsWith(ServerProcessMain.READY))
			.findFirst();
	}

	private static String output(Path log) {
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	/** The address the child listens on; for TCP, with the port it bound. */
	IpcAddress address() {
		return this.address;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Kills the child with {@code SIGKILL}, as a crash or {@code kill -9} would, and
	 * waits for it to be gone.
	 */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("the server process " + pid() + " did not die");
		}
	}

	String output() {
		return output(this.log);
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
