package dev.socketipc.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Node.js for interop tests: scripts from the repository's {@code interop/}
 * directory, inline scripts ({@code node -e}), to their end or followed line by line
 * while they run.
 *
 * <p>
 * {@link #require()} finds node (the command in the system property
 * {@value #COMMAND_PROPERTY}, {@code node} on the {@code PATH} by default). When it
 * cannot be run the calling test is skipped, unless the system property
 * {@value #REQUIRED_PROPERTY} is {@code true}, in which case the test fails: CI sets it
 * so that a missing node can never turn the interop suite silently green.
 * {@link #commandOrSkip()} applies the same rule for callers that leave their Node.js
 * parts out instead of skipping.
 *
 * <p>
 * Thread-safe: the detection is done once per JVM under a lock; a {@link Running} process
 * belongs to one test.
 */
public final class NodeProcess {

	/** System property naming the node executable; {@code node} by default. */
	public static final String COMMAND_PROPERTY = "ipc.node.command";

	/**
	 * System property that turns a missing node into a test failure instead of a skip.
	 */
	public static final String REQUIRED_PROPERTY = "ipc.interop.required";

	private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);

	/** Put in a line queue, compared by identity, when the stream ends. */
	private static final String END_OF_STREAM = new String("<end of stream>");

	private static final Object lock = new Object();

	private static Detection detected;

	private final String command;

	private final String version;

	private NodeProcess(String command, String version) {
		this.command = command;
		this.version = version;
	}

	/**
	 * Returns the node found with the system properties, detecting it once per JVM; skips
	 * or fails the calling test when there is none.
	 * @return the node to run scripts with
	 */
	public static NodeProcess require() {
		String command = System.getProperty(COMMAND_PROPERTY, "node");
		Detection detection;
		synchronized (lock) {
			if (detected == null || !detected.command.equals(command)) {
				detected = detect(command);
			}
			detection = detected;
		}
		return require(detection, Boolean.parseBoolean(System.getProperty(REQUIRED_PROPERTY)));
	}

	/**
	 * Turns a detection into a node, a skip or a failure.
	 * @param detection what running {@code --version} gave
	 * @param required whether a missing node fails the test
	 * @return the node when it could be run
	 */
	public static NodeProcess require(Detection detection, boolean required) {
		if (detection.version != null) {
			return new NodeProcess(detection.command, detection.version);
		}
		if (required) {
			return Assertions.fail("node is required for the interop tests (" + REQUIRED_PROPERTY
					+ "=true) but could not be run: " + detection.problem);
		}
		Assumptions.abort("node not found on PATH: interop tests skipped (" + detection.problem + "; set "
				+ REQUIRED_PROPERTY + "=true to fail instead)");
		throw new IllegalStateException("unreachable");
	}

	/**
	 * Returns the node command for callers that leave their Node.js parts out rather than
	 * skip the whole test: the command in {@value #COMMAND_PROPERTY}, or {@code null}
	 * when it cannot be run and {@value #REQUIRED_PROPERTY} is not {@code true} (when it
	 * is, the calling test fails).
	 * @return the command, or {@code null} to leave the Node.js parts out
	 */
	public static String commandOrSkip() {
		Detection detection = detect(System.getProperty(COMMAND_PROPERTY, "node"));
		if (detection.version != null) {
			return detection.command;
		}
		if (Boolean.parseBoolean(System.getProperty(REQUIRED_PROPERTY))) {
			return Assertions.fail("node is required for the interop parts (" + REQUIRED_PROPERTY
					+ "=true) but could not be run: " + detection.problem);
		}
		return null;
	}

	/**
	 * Runs {@code command --version}.
	 * @param command the node executable
	 * @return the version, or why it could not be run
	 */
	public static Detection detect(String command) {
		String description = "'" + command + " --version'";
		Process process;
		try {
			process = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			return new Detection(command, null, description + " could not be started: " + ex.getMessage());
		}
		try {
			process.getOutputStream().close();
			CompletableFuture<String> output = readAsync(process.getInputStream(), "node-version", null);
			if (!process.waitFor(VERSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				return new Detection(command, null, description + " did not finish within " + VERSION_TIMEOUT);
			}
			String text = output.get(VERSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).trim();
			if (process.exitValue() != 0 || !text.startsWith("v")) {
				return new Detection(command, null,
						description + " exited " + process.exitValue() + " printing '" + text + "'");
			}
			return new Detection(command, text, null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Detection(command, null, description + " was interrupted");
		}
		catch (IOException | ExecutionException | TimeoutException ex) {
			return new Detection(command, null, description + " failed: " + ex);
		}
		finally {
			process.destroyForcibly();
		}
	}

	/**
	 * Returns the version node printed.
	 * @return for example {@code v20.11.1}
	 */
	public String version() {
		return this.version;
	}

	/**
	 * Finds a script in the repository's {@code interop/} directory, looking up from the
	 * module directory.
	 * @param name the script's file name
	 * @return its absolute path
	 */
	public Path interopScript(String name) {
		Path start = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
		for (Path dir = start; dir != null; dir = dir.getParent()) {
			Path script = dir.resolve("interop").resolve(name);
			if (Files.isRegularFile(script)) {
				return script;
			}
		}
		return Assertions.fail("interop/" + name + " not found in " + start + " or any directory above it");
	}

	/**
	 * Starts {@code node args...} with stdin closed, collecting its output.
	 * @param args the script and its arguments
	 * @return the running process; close it to kill the process if it is still alive
	 */
	public Running start(String... args) {
		List<String> commandLine = new ArrayList<>();
		commandLine.add(this.command);
		commandLine.addAll(Arrays.asList(args));
		try {
			Process process = new ProcessBuilder(commandLine).start();
			process.getOutputStream().close();
			return new Running(String.join(" ", commandLine), process);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + commandLine, ex);
		}
	}

	/**
	 * Runs {@code node args...} to its end.
	 * @param timeout how long it may run; past that it is killed and the test fails
	 * @param args the script and its arguments
	 * @return how it ended
	 */
	public Result run(Duration timeout, String... args) {
		try (Running running = start(args)) {
			return running.await(timeout);
		}
	}

	/**
	 * Runs an inline script, {@code node -e script args...}, to its end.
	 * @param timeout how long it may run; past that it is killed and the test fails
	 * @param script the JavaScript source; {@code process.argv[1]} is the first argument
	 * @param args the arguments
	 * @return how it ended
	 */
	public Result runScript(Duration timeout, String script, String... args) {
		String[] commandLine = new String[args.length + 2];
		commandLine[0] = "-e";
		commandLine[1] = script;
		System.arraycopy(args, 0, commandLine, 2, args.length);
		return run(timeout, commandLine);
	}

	/**
	 * Reads a stream to its end on a daemon thread, handing each line to {@code lines} as
	 * it comes, then {@link #END_OF_STREAM}.
	 */
	private static CompletableFuture<String> readAsync(InputStream in, String name, BlockingQueue<String> lines) {
		CompletableFuture<String> result = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			StringBuilder text = new StringBuilder();
			try (BufferedReader lineReader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
				String line;
				while ((line = lineReader.readLine()) != null) {
					text.append(line).append('\n');
					if (lines != null) {
						lines.add(line);
					}
				}
				result.complete(text.toString());
			}
			catch (IOException ex) {
				result.completeExceptionally(ex);
			}
			finally {
				if (lines != null) {
					lines.add(END_OF_STREAM);
				}
			}
		}, name);
		reader.setDaemon(true);
		reader.start();
		return result;
	}

	/**
	 * The outcome of running {@code node --version}.
	 *
	 * @param command the executable tried
	 * @param version what it printed, or {@code null} when it could not be run
	 * @param problem why it could not be run, or {@code null}
	 */
	public record Detection(String command, String version, String problem) {
	}

	/**
	 * A node process being run.
	 */
	public static final class Running implements AutoCloseable {

		private final String commandLine;

		private final Process process;

		private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();

		private final CompletableFuture<String> stdout;

		private final CompletableFuture<String> stderr;

		Running(String commandLine, Process process) {
			this.commandLine = commandLine;
			this.process = process;
			this.stdout = readAsync(process.getInputStream(), "node-stdout", this.stdoutLines);
			this.stderr = readAsync(process.getErrorStream(), "node-stderr", null);
		}

		/**
		 * Waits for the next line the process writes to stdout.
		 * @param timeout how long to wait; past that (or when the process ends first) the
		 * test fails with what it printed
		 * @return the line, without its terminator
		 */
		public String nextStdoutLine(Duration timeout) {
			try {
				String line = this.stdoutLines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
				if (line != null && line != END_OF_STREAM) {
					return line;
				}
				if (line == END_OF_STREAM) {
					this.stdoutLines.add(END_OF_STREAM);
				}
				String ended = (line == null) ? "printed no line within " + timeout : "closed its stdout";
				return Assertions.fail("'" + this.commandLine + "' " + ended
						+ (this.process.isAlive() ? "" : " (it exited " + this.process.exitValue() + ")")
						+ ".\nstderr:\n" + stderrSoFar());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for '" + this.commandLine + "'", ex);
			}
		}

		private String stderrSoFar() {
			if (!this.process.isAlive()) {
				// It has exited: give the reader a moment to drain the pipe.
				return this.stderr.completeOnTimeout("", 2, TimeUnit.SECONDS).join();
			}
			return this.stderr.getNow("");
		}

		/**
		 * Asks the process to stop with SIGTERM, then waits for it to end.
		 * @param timeout how long to wait; past that the process is killed and the test
		 * fails with what it printed
		 * @return how it ended
		 */
		public Result terminate(Duration timeout) {
			// Through the handle: Process.destroy() would also close our ends of the
			// pipes, losing the output.
			this.process.toHandle().destroy();
			return await(timeout);
		}

		/**
		 * Waits for the process to end.
		 * @param timeout how long to wait; past that the process is killed and the test
		 * fails with what it printed
		 * @return how it ended
		 */
		public Result await(Duration timeout) {
			try {
				if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
					return Assertions
						.fail("'" + this.commandLine + "' did not end within " + timeout + "; killed it.\nstdout:\n"
								+ this.stdout.getNow("") + "\nstderr:\n" + this.stderr.getNow(""));
				}
				return new Result(this.commandLine, this.process.exitValue(), this.stdout.get(10, TimeUnit.SECONDS),
						this.stderr.get(10, TimeUnit.SECONDS));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for '" + this.commandLine + "'", ex);
			}
			catch (ExecutionException | TimeoutException ex) {
				throw new IllegalStateException("could not read the output of '" + this.commandLine + "'", ex);
			}
		}

		@Override
		public void close() {
			if (this.process.isAlive()) {
				this.process.destroyForcibly();
			}
		}

	}

	/**
	 * How a node process ended.
	 *
	 * @param commandLine what was run
	 * @param exitCode its exit code
	 * @param stdout everything it wrote to stdout
	 * @param stderr everything it wrote to stderr
	 */
	public record Result(String commandLine, int exitCode, String stdout, String stderr) {

		/**
		 * Returns the lines written to stdout, without line terminators.
		 * @return the lines
		 */
		public List<String> stdoutLines() {
			return this.stdout.lines().toList();
		}

		/**
		 * Describes the run for assertion messages.
		 * @return the command line, exit code and both outputs
		 */
		public String describe() {
			return "'" + this.commandLine + "' exited " + this.exitCode + "\nstdout:\n" + this.stdout + "\nstderr:\n"
					+ this.stderr;
		}

	}

}
