package dev.socketipc.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs inline Node.js scripts ({@code node -e script args...}) for the hostile-input interop checks.
 *
 * <p>Node is the command in the system property {@value #COMMAND_PROPERTY} ({@code node} on the {@code PATH} by
 * default). When it cannot be run the calling test is skipped, unless {@value #REQUIRED_PROPERTY} is {@code true},
 * in which case it fails, so that a missing node never turns the interop checks silently green on CI.
 */
final class HostileNode {

	static final String COMMAND_PROPERTY = "ipc.node.command";

	static final String REQUIRED_PROPERTY = "ipc.interop.required";

	private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);

	private final String command;

	private HostileNode(String command) {
		this.command = command;
	}

	/** Finds node, or skips (fails when required) the calling test. */
	static HostileNode require() {
		String command = System.getProperty(COMMAND_PROPERTY, "node");
		String problem = problemRunning(command);
		if (problem == null) {
			return new HostileNode(command);
		}
		if (Boolean.parseBoolean(System.getProperty(REQUIRED_PROPERTY))) {
			return Assertions.fail("node is required (" + REQUIRED_PROPERTY + "=true) but " + problem);
		}
		Assumptions.abort("node not available, interop check skipped: " + problem + " (set " + REQUIRED_PROPERTY
				+ "=true to fail instead)");
		throw new IllegalStateException("unreachable");
	}

	private static String problemRunning(String command) {
		try {
			Result version = run(List.of(command, "--version"), VERSION_TIMEOUT);
			if (version.exitCode != 0 || !version.stdout.startsWith("v")) {
				return "'" + command + " --version' exited " + version.exitCode + ": " + version.stdout.trim();
			}
			return null;
		}
		catch (UncheckedIOException ex) {
			return "'" + command + "' could not be started: " + ex.getCause().getMessage();
		}
	}

	/**
	 * Runs {@code node -e script args...} to its end, failing the test when it does not end within the timeout.
	 * @param timeout how long it may run
	 * @param script the JavaScript source; {@code process.argv[1]} is the first argument
	 * @param args the arguments
	 */
	Result runScript(Duration timeout, String script, String... args) {
		List<String> commandLine = new ArrayList<>(List.of(this.command, "-e", script));
		commandLine.addAll(Arrays.asList(args));
		return run(commandLine, timeout);
	}

	private static Result run(List<String> commandLine, Duration timeout) {
		Process process;
		try {
			process = new ProcessBuilder(commandLine).start();
			process.getOutputStream().close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		CompletableFuture<String> stdout = readAsync(process.getInputStream());
		CompletableFuture<String> stderr = readAsync(process.getErrorStream());
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				return Assertions.fail("node did not end within " + timeout + "; killed it. stdout:\n"
						+ stdout.getNow("") + "\nstderr:\n" + stderr.getNow(""));
			}
			return new Result(process.exitValue(), stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for node", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("could not read node's output", ex);
		}
		finally {
			process.destroyForcibly();
		}
	}

	private static CompletableFuture<String> readAsync(InputStream in) {
		CompletableFuture<String> result = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try (in) {
				result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				result.completeExceptionally(ex);
			}
		}, "hostile-node-output");
		reader.setDaemon(true);
		reader.start();
		return result;
	}

	/**
	 * How a node run ended.
	 * @param exitCode its exit code
	 * @param stdout what it printed
	 * @param stderr what it printed on stderr
	 */
	record Result(int exitCode, String stdout, String stderr) {

		List<String> lines() {
			return this.stdout.lines().toList();
		}

		String describe() {
			return "node exited " + this.exitCode + "\nstdout:\n" + this.stdout + "\nstderr:\n" + this.stderr;
		}

	}

}
