package dev.socketipc.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --sample-jvm-args} and {@code --sample-args} take values that start with
 * {@code -}, split at spaces, and leave the other options to the usual parsing.
 */
class HarnessSampleOptionsTest {

	@Test
	void sampleOptionsAreSplitAndTheRestParsedAsUsual() {
		HarnessOptions options = HarnessOptions
			.parse(new String[] { "--sample-jvm-args", "-XX:StartFlightRecording=duration=20s  -Xmx1g", "--runs", "5",
					"--sample-args", "--ipc.server.io-threads=2" });

		assertThat(options.sampleJvmArgs).containsExactly("-XX:StartFlightRecording=duration=20s", "-Xmx1g");
		assertThat(options.sampleArgs).containsExactly("--ipc.server.io-threads=2");
		assertThat(options.runs).isEqualTo(5);
	}

	@Test
	void withoutThemTheSampleServerGetsNothingMore() {
		HarnessOptions options = HarnessOptions.parse(new String[] { "--runs", "2" });

		assertThat(options.sampleJvmArgs).isEmpty();
		assertThat(options.sampleArgs).isEmpty();
	}

}
