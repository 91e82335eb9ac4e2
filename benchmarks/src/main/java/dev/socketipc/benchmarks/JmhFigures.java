package dev.socketipc.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.socketipc.client.ClientPathBenchmark;
import dev.socketipc.server.ServerPathBenchmark;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ServerPathBenchmark} and {@link ClientPathBenchmark} with JMH's GC profiler
 * (in a forked JVM, as JMH always does) and keeps each benchmark's throughput and
 * {@code gc.alloc.rate.norm}.
 */
final class JmhFigures {

	/**
	 * One JMH benchmark's figures.
	 *
	 * @param benchmark the benchmark method
	 * @param opsPerSecond its throughput on one thread
	 * @param bytesPerOp bytes allocated per operation ({@code gc.alloc.rate.norm})
	 */
	record Figure(String benchmark, double opsPerSecond, double bytesPerOp) {
	}

	private static final Duration LOCK_WAIT = Duration.ofMinutes(10);

	private JmhFigures() {
	}

	/**
	 * JMH refuses to run while another JMH run on the machine holds its lock: wait for it
	 * rather than disturb it.
	 */
	private static Collection<RunResult> runWaitingForTheLock(Options options, Path log) {
		long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
		while (true) {
			try {
				return new Runner(options).run();
			}
			catch (RunnerException ex) {
				String message = String.valueOf(ex.getMessage());
				if (!message.contains("JMH lock") || System.nanoTime() > deadline) {
					throw new IllegalStateException("JMH failed (" + message + "); see " + log, ex);
				}
				System.err.println("[bench] another JMH run holds its lock; waiting for it to finish");
				try {
					TimeUnit.SECONDS.sleep(10);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while waiting for the JMH lock", interrupted);
				}
			}
		}
	}

	static List<Figure> run(Path log) {
		Options options = new OptionsBuilder().include(ServerPathBenchmark.class.getName() + "\\.")
			.include(ClientPathBenchmark.class.getName() + "\\.")
			.addProfiler(GCProfiler.class)
			.output(log.toString())
			.build();
		Collection<RunResult> results = runWaitingForTheLock(options, log);
		List<Figure> figures = new ArrayList<>();
		for (RunResult result : results) {
			String name = result.getParams().getBenchmark();
			name = name.substring(name.lastIndexOf('.') + 1);
			Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
			figures.add(new Figure(name, result.getPrimaryResult().getScore(),
					(alloc != null) ? alloc.getScore() : Double.NaN));
		}
		return figures;
	}

}
