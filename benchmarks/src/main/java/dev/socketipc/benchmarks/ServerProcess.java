package dev.socketipc.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.socketipc.transport.IpcAddress;

/**
 * A server under test, run as its own process so that its CPU, GC and JIT are its own:
 * started with a command line, ready once a line of its output matches a pattern whose
 * first group is the address it listens on, stopped with SIGTERM (then SIGKILL). Its
 * output goes to a log file.
 */
final class ServerProcess implements AutoCloseable {

	/**
	 * Generous: the lb cell starts three Spring Boot servers at once, which on a busy
	 * 2-core machine took more than a minute.
	 */
	private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

	private final String name;

	private final Process process;

	private final Path log;

	private final IpcAddress address;

	private ServerProcess(String name, Process process, Path log, IpcAddress address) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.address = address;
	}

	/**
	 * Starts a server and waits until it listens.
	 * @param name for messages and the log file name
	 * @param command the command line
	 * @param ready matched against each output line; group 1 is the bound address
	 * @param logDir where the output is written
	 * @return the running server
	 */
	static ServerProcess start(String name, List<String> command, Pattern ready, Path logDir) {
		Path log = logDir.resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".log");
		Process process;
		try {
			Files.createDirectories(logDir);
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getOutputStream().close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + name + ": " + command, ex);
		}
		CompletableFuture<String> address = new CompletableFuture<>();
		Thread pump = new Thread(() -> pump(process, log, ready, address), name + "-output");
		pump.setDaemon(true);
		pump.start();
		try {
			String bound = address.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return new ServerProcess(name, process, log, IpcAddress.parse(bound));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IllegalStateException("interrupted while starting " + name, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			process.destroyForcibly();
			throw new IllegalStateException(name + " did not start within " + READY_TIMEOUT + " (" + ex + "); command: "
					+ String.join(" ", command) + "\n--- " + log + " ---\n" + tail(log), ex);
		}
	}

	private static void pump(Process process, Path log, Pattern ready, CompletableFuture<String> address) {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
				Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
			String line;
			while ((line = in.readLine()) != null) {
				out.write(line);
				out.write('\n');
				if (!address.isDone()) {
					out.flush();
					Matcher matcher = ready.matcher(line);
					if (matcher.find()) {
						address.complete(matcher.group(1));
					}
				}
			}
			out.flush();
		}
		catch (IOException ex) {
			address.completeExceptionally(ex);
		}
		address.completeExceptionally(new IllegalStateException("the process ended before it listened"));
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(no output: " + ex + ")";
		}
	}

	String name() {
		return this.name;
	}

	IpcAddress address() {
		return this.address;
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * Fails when the server died, with the end of its output.
	 */
	void checkAlive() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException(this.name + " exited with " + this.process.exitValue() + "\n--- " + this.log
					+ " ---\n" + tail(this.log));
		}
	}

	@Override
	public void close() {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
