package dev.socketipc.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a short external command (node --version, bench-fork.js) to its end. */
final class Commands {

	private Commands() {
	}

	/**
	 * Runs a command to its end and returns its stdout; fails on a non-zero exit or a
	 * timeout.
	 */
	static String runToEnd(List<String> command, Duration timeout) {
		try {
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			process.getOutputStream().close();
			var output = new CompletableFuture<String>();
			Thread reader = new Thread(() -> {
				try {
					output.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					output.completeExceptionally(ex);
				}
			}, "output-reader");
			reader.setDaemon(true);
			reader.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout);
			}
			String text = output.get(10, TimeUnit.SECONDS);
			if (process.exitValue() != 0) {
				throw new WrongAnswerException(
						String.join(" ", command) + " exited " + process.exitValue() + ": " + text);
			}
			return text;
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not run " + command.get(0) + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("could not read the output of " + command, ex);
		}
	}

	static String firstLine(String text) {
		if (text == null) {
			return "";
		}
		int newline = text.indexOf('\n');
		return (newline < 0) ? text : text.substring(0, newline);
	}

}
