package dev.socketipc.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.transport.DurationText;

/**
 * A synchronous caller's short spin before it parks: an answer that comes within the spin
 * is taken without the park and unpark (two thread hand-offs of some tens of microseconds
 * each). It never costs the busy figures: only a connection with at most one call in
 * flight spins, and only as many callers of the JVM at once as there are cores to spare
 * ({@code max(1, cores - 1)}); every other caller parks at once. This class is
 * thread-safe.
 */
final class SpinWait {

	/** No spin: the caller parks at once. */
	static final SpinWait NONE = new SpinWait(0, null);

	/** How many callers of the JVM may spin at once. */
	static final int BUDGET = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);

	private static final AtomicInteger SPINNERS = new AtomicInteger();

	private final long nanos;

	private final PendingCalls calls;

	/**
	 * @param nanos how long to spin, {@code 0} for never
	 * @param calls the connection's calls, whose count decides whether to spin
	 */
	SpinWait(long nanos, PendingCalls calls) {
		this.nanos = nanos;
		this.calls = calls;
	}

	/**
	 * A spin of the given length for the callers of a connection.
	 * @param spin how long to spin, {@code 0} for none
	 * @param calls the connection's calls, whose count decides whether to spin
	 */
	static SpinWait of(Duration spin, PendingCalls calls) {
		return spin.isZero() ? NONE : new SpinWait(spin.toNanos(), calls);
	}

	/**
	 * Checks a spin length given to a builder.
	 * @return the length
	 * @throws IllegalArgumentException naming the setting when it is negative or longer
	 * than a millisecond
	 */
	static Duration check(Duration spin) {
		if (spin == null || spin.isNegative() || spin.compareTo(Duration.ofMillis(1)) > 0) {
			throw new IllegalArgumentException("spin-wait must be between 0 (no spin) and 1ms, got "
					+ ((spin != null) ? DurationText.format(spin) : "null"));
		}
		return spin;
	}

	/**
	 * Spins until the result is done or the spin is over, when this connection has at
	 * most this call in flight and a place in the JVM's spinner budget is free; returns
	 * at once otherwise. The caller then waits as usual.
	 */
	void spin(CompletableFuture<?> result) {
		if (this.nanos == 0 || result.isDone() || this.calls.sentCount() > 1 || !enter()) {
			return;
		}
		try {
			long deadline = System.nanoTime() + this.nanos;
			while (!result.isDone() && System.nanoTime() - deadline < 0) {
				Thread.onSpinWait();
			}
		}
		finally {
			SPINNERS.decrementAndGet();
		}
	}

	private static boolean enter() {
		int spinners = SPINNERS.get();
		return spinners < BUDGET && SPINNERS.compareAndSet(spinners, spinners + 1);
	}

	/** The callers spinning now; for tests. */
	static int spinners() {
		return SPINNERS.get();
	}

}
