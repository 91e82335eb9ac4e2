package dev.socketipc.benchmarks;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps other processes out of the figures: waits for a quiet machine before each
 * measurement, and measures again when other processes took CPU meanwhile.
 */
final class QuietMeasurement {

	private final HarnessOptions options;

	private final Report report;

	private final ForeignLoad foreign;

	/** What other processes took during the last measurement, in cores. */
	private double lastForeignCores;

	/** Nanoseconds spent waiting for a quiet machine so far. */
	private long quietWaited;

	QuietMeasurement(HarnessOptions options, Report report, ForeignLoad foreign) {
		this.options = options;
		this.report = report;
		this.foreign = foreign;
	}

	/**
	 * Runs a measurement, and runs it again (up to {@code --retries} times,
	 * {@code --retry-budget} in all) when other processes took more than
	 * {@code --max-foreign-cores} of the machine meanwhile; a measurement still disturbed
	 * after that is kept and listed in the report.
	 */
	<T> T measure(String what, Supplier<T> measurement) {
		for (int attempt = 0;; attempt++) {
			awaitQuiet();
			double before = (this.foreign != null) ? this.foreign.cpuSeconds() : 0;
			long start = System.nanoTime();
			T result = measurement.get();
			double seconds = (System.nanoTime() - start) / 1e9;
			this.lastForeignCores = (this.foreign != null) ? (this.foreign.cpuSeconds() - before) / seconds : 0;
			if (this.lastForeignCores <= this.options.maxForeignCores) {
				return result;
			}
			if (attempt >= this.options.retries || this.report.repeated >= this.options.retryBudget) {
				this.report.disturbed.add(String.format(Locale.ROOT, "%s (%.2f cores)",
						what.trim().replaceAll(" +", " "), this.lastForeignCores));
				return result;
			}
			this.report.repeated++;
			Progress.say(String.format(Locale.ROOT, "%s disturbed: other processes took %.2f cores; measuring again",
					what, this.lastForeignCores));
		}
	}

	/**
	 * Before a measurement, waits (within {@code --quiet-wait-budget-s} for the whole
	 * run) for a quiet machine.
	 */
	private void awaitQuiet() {
		long left = this.options.quietWaitBudget.toNanos() - this.quietWaited;
		if (this.foreign == null || left <= 0) {
			return;
		}
		try {
			long waited = this.foreign.awaitQuiet(this.options.maxForeignCores, left);
			this.quietWaited += waited;
			if (waited > TimeUnit.SECONDS.toNanos(2)) {
				Progress.say(
						String.format(Locale.ROOT, "waited %.0f s for other processes to leave the CPU", waited / 1e9));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for a quiet machine", ex);
		}
	}

	/**
	 * The end of a progress line: what other processes took during the last measurement.
	 */
	String others() {
		return (this.foreign != null) ? String.format(Locale.ROOT, "  (others %.2f cores)", this.lastForeignCores) : "";
	}

	/** Nanoseconds spent waiting for a quiet machine so far. */
	long quietWaited() {
		return this.quietWaited;
	}

}
