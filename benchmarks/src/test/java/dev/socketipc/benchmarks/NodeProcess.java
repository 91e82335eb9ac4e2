package dev.socketipc.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Assertions;

/**
 * Finds node for the harness's Node.js peers, with the same rule as sample-server's {@code NodeProcess} (copied from
 * there, detection only): the command in {@value #COMMAND_PROPERTY} ({@code node} by default); when it cannot be run
 * the Node.js parts are left out, unless {@value #REQUIRED_PROPERTY} is {@code true}, which fails the test instead.
 */
final class NodeProcess {

	/** System property naming the node executable; {@code node} by default. */
	static final String COMMAND_PROPERTY = "ipc.node.command";

	/** System property that turns a missing node into a test failure instead of a skip. */
	static final String REQUIRED_PROPERTY = "ipc.interop.required";

	private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);

	private NodeProcess() {
	}

	/**
	 * Returns the node command to give the harness, or {@code null} to leave the Node.js parts out.
	 * @return the command, or {@code null} when node cannot be run and is not required
	 */
	static String commandOrSkip() {
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
	static Detection detect(String command) {
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
			CompletableFuture<String> output = readAsync(process.getInputStream());
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

	private static CompletableFuture<String> readAsync(InputStream in) {
		CompletableFuture<String> result = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try (in) {
				result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				result.completeExceptionally(ex);
			}
		}, "node-version");
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
	record Detection(String command, String version, String problem) {
	}

}
