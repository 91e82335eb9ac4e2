package dev.socketipc.transport;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes durations the way configuration files spell them ({@code 30s},
 * {@code 250ms}, {@code 5m}): messages and log lines never show ISO-8601 ({@code PT30S}).
 */
public final class DurationText {

	private static final long[] NANOS = { 86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L,
			1_000_000L, 1_000L, 1L };

	private static final String[] UNITS = { "d", "h", "m", "s", "ms", "us", "ns" };

	private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

	private DurationText() {
	}

	/**
	 * Parses {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or an ISO-8601
	 * duration.
	 * @param text the text
	 * @return the duration, or {@code null} when the text is neither
	 */
	public static Duration parse(String text) {
		String value = text.trim().toLowerCase(Locale.ROOT);
		Matcher matcher = SIMPLE.matcher(value);
		if (matcher.matches()) {
			long amount = Long.parseLong(matcher.group(1));
			return switch (matcher.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
		}
		try {
			return Duration.parse(text.trim());
		}
		catch (DateTimeParseException ex) {
			return null;
		}
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
