package dev.socketipc.benchmarks;

import java.util.List;

/**
 * The measured runs of one startup variant.
 *
 * @param variant what was started
 * @param millis from just before the process was started to the first answer, per run
 * @param started the JVM's own "Started … in" line of each run (empty for Node)
 */
record StartupResult(StartupVariant variant, List<Double> millis, List<String> started) {

	double median() {
		return Report.median(this.millis, (v) -> v);
	}

	double min() {
		return this.millis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
	}

	double max() {
		return this.millis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
	}

}
