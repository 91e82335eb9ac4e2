package dev.socketipc.transport;

import java.time.Duration;

/**
 * Writes durations for log lines and messages the way configuration files spell them
 * ({@code 30s}, {@code 250ms}, {@code 5m}), never as ISO-8601 ({@code PT30S}).
 */
public final class DurationText {

	private static final long[] NANOS = { 86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L,
			1_000_000L, 1_000L, 1L };

	private static final String[] UNITS = { "d", "h", "m", "s", "ms", "us", "ns" };

	private DurationText() {
	}

	/**
	 * Formats a duration in the largest unit that holds it exactly: {@code 2h},
	 * {@code 90s}, {@code 1500ms}; {@code 0s} for zero.
	 * @param duration the duration, may be negative; {@code null} gives {@code "null"}
	 * @return the text
	 */
	public static String format(Duration duration) {
		if (duration == null) {
			return "null";
		}
		if (duration.isZero()) {
			return "0s";
		}
		long nanos;
		try {
			nanos = duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return duration.toSeconds() + "s";
		}
		for (int i = 0; i < NANOS.length; i++) {
			if (nanos % NANOS[i] == 0) {
				return (nanos / NANOS[i]) + UNITS[i];
			}
		}
		return nanos + "ns";
	}

}
