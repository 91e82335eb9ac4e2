package dev.socketipc.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Watches how much CPU the processes that are not the harness's own (itself and the
 * servers it started) use while it measures, from {@code /proc/<pid>/stat} twice a
 * second: on a shared 2-core machine a concurrent build halves what the servers get, and
 * the report must say so.
 */
final class ForeignLoad implements AutoCloseable {

	/**
	 * Clock ticks per second of {@code /proc/<pid>/stat} times: 100 on Linux unless the
	 * kernel is unusual.
	 */
	private static final double TICKS_PER_SECOND = 100;

	private static final long SAMPLE_MILLIS = 500;

	private final Thread sampler;

	private final Map<Long, Long> lastTicks = new HashMap<>();

	private final long started = System.nanoTime();

	private volatile boolean stopped;

	private long foreignTicks;

	private double peakCores;

	private double lastCores;

	private boolean baseline = true;

	private ForeignLoad() {
		this.sampler = new Thread(this::sampleUntilStopped, "foreign-load");
		this.sampler.setDaemon(true);
	}

	/**
	 * Starts sampling, or returns {@code null} where there is no {@code /proc}.
	 * @return the running sampler
	 */
	static ForeignLoad start() {
		if (!Files.isDirectory(Path.of("/proc/self"))) {
			return null;
		}
		ForeignLoad load = new ForeignLoad();
		load.sample(0);
		load.sampler.start();
		return load;
	}

	private void sampleUntilStopped() {
		long last = System.nanoTime();
		while (!this.stopped) {
			try {
				TimeUnit.MILLISECONDS.sleep(SAMPLE_MILLIS);
			}
			catch (InterruptedException ex) {
				return;
			}
			long now = System.nanoTime();
			sample((now - last) / 1e9);
			last = now;
		}
	}

	private synchronized void sample(double seconds) {
		Set<Long> ours = new HashSet<>();
		ours.add(ProcessHandle.current().pid());
		ProcessHandle.current().descendants().forEach((p) -> ours.add(p.pid()));
		Map<Long, Long> now = new HashMap<>();
		try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
			for (Path proc : procs) {
				long pid = Long.parseLong(proc.getFileName().toString());
				long ticks = ticks(proc);
				if (ticks >= 0) {
					now.put(pid, ticks);
				}
			}
		}
		catch (IOException ex) {
			return;
		}
		long delta = 0;
		for (Map.Entry<Long, Long> entry : now.entrySet()) {
			if (ours.contains(entry.getKey())) {
				continue;
			}
			Long before = this.lastTicks.get(entry.getKey());
			// a process first seen now started since the last sample: all its time is new
			delta += (before != null) ? Math.max(0, entry.getValue() - before) : (this.baseline ? 0 : entry.getValue());
		}
		this.lastTicks.clear();
		this.lastTicks.putAll(now);
		if (!this.baseline) {
			this.foreignTicks += delta;
			if (seconds > 0) {
				this.lastCores = delta / TICKS_PER_SECOND / seconds;
				this.peakCores = Math.max(this.peakCores, this.lastCores);
			}
			notifyAll();
		}
		this.baseline = false;
	}

	private static long ticks(Path proc) {
		try {
			String stat = Files.readString(proc.resolve("stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * Returns the CPU other processes used, on average, since the start.
	 * @return cores busy with foreign work
	 */
	synchronized double averageCores() {
		double seconds = (System.nanoTime() - this.started) / 1e9;
		return (seconds > 0) ? this.foreignTicks / TICKS_PER_SECOND / seconds : 0;
	}

	/**
	 * Waits until the last sampling interval shows other processes taking at most
	 * {@code cores}; returns at once when it already does.
	 * @param cores the most foreign CPU that counts as quiet
	 * @param maxWaitNanos how long to wait at most
	 * @return how long it waited, in nanoseconds (about {@code maxWaitNanos} when the
	 * machine never got quiet)
	 * @throws InterruptedException when interrupted
	 */
	synchronized long awaitQuiet(double cores, long maxWaitNanos) throws InterruptedException {
		long start = System.nanoTime();
		long deadline = start + maxWaitNanos;
		while (this.lastCores > cores && !this.stopped) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				break;
			}
			TimeUnit.NANOSECONDS.timedWait(this, left);
		}
		return System.nanoTime() - start;
	}

	/**
	 * Returns the CPU time other processes used since the start, as of the last sample.
	 * @return CPU seconds
	 */
	synchronized double cpuSeconds() {
		return this.foreignTicks / TICKS_PER_SECOND;
	}

	/**
	 * Returns the most CPU other processes used in one sampling interval (half a second).
	 * @return cores busy with foreign work at the peak
	 */
	synchronized double peakCores() {
		return this.peakCores;
	}

	@Override
	public void close() {
		this.stopped = true;
		this.sampler.interrupt();
	}

}
