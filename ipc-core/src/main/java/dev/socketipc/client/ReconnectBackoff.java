package dev.socketipc.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import dev.socketipc.transport.DurationText;

/**
 * Jittered exponential backoff between reconnection attempts:
 * {@code initial × multiplier^attempt}, capped at {@code max}, then spread by
 * ±{@code jitter} so that many clients do not reconnect in lockstep.
 *
 * @param initial the delay before the first retry
 * @param max the longest delay
 * @param multiplier the growth per failed attempt, at least 1
 * @param jitter the random spread, from 0 (none) to 1
 */
public record ReconnectBackoff(Duration initial, Duration max, double multiplier, double jitter) {

	/** 100 ms doubling up to 5 s, ±20 %. */
	public static final ReconnectBackoff DEFAULT = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(5),
			2.0, 0.2);

	/**
	 * Validates the settings.
	 * @param initial the delay before the first retry
	 * @param max the longest delay
	 * @param multiplier the growth per failed attempt
	 * @param jitter the random spread
	 */
	public ReconnectBackoff {
		if (initial.isNegative() || max.compareTo(initial) < 0) {
			throw new IllegalArgumentException("reconnect backoff needs 0 <= initial <= max, got initial "
					+ DurationText.format(initial) + " and max " + DurationText.format(max));
		}
		if (multiplier < 1) {
			throw new IllegalArgumentException("reconnect multiplier must be at least 1, got " + multiplier);
		}
		if (jitter < 0 || jitter > 1) {
			throw new IllegalArgumentException("reconnect jitter must be between 0 and 1, got " + jitter);
		}
	}

	/**
	 * Returns the delay before a retry.
	 * @param attempt how many attempts failed in a row before this one, from 0
	 * @return the delay in nanoseconds
	 */
	public long delayNanos(int attempt) {
		double base = this.initial.toNanos() * Math.pow(this.multiplier, Math.min(attempt, 62));
		double capped = Math.min(base, this.max.toNanos());
		double spread = 1 + this.jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
		return (long) (capped * spread);
	}

}
