package dev.socketipc.benchmarks;

import org.HdrHistogram.Histogram;

/**
 * What one load-generator run measured over its window.
 *
 * @param callsPerSecond answers per second
 * @param calls answers counted in the window
 * @param latency send → answer latencies in nanoseconds
 * @param wrongAnswers answers that failed the check (a run with any fails, so a result
 * always has 0)
 */
record LoadResult(double callsPerSecond, long calls, Histogram latency, long wrongAnswers) {

	double p50Micros() {
		return this.latency.getValueAtPercentile(50) / 1000.0;
	}

	double p99Micros() {
		return this.latency.getValueAtPercentile(99) / 1000.0;
	}

	double p999Micros() {
		return this.latency.getValueAtPercentile(99.9) / 1000.0;
	}

}
