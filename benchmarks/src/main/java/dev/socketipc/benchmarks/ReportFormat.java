package dev.socketipc.benchmarks;

import java.util.Locale;

/**
 * How the report writes its numbers: calls per second, ratios, microseconds, megabytes.
 */
final class ReportFormat {

	private ReportFormat() {
	}

	static String calls(Double value) {
		if (value == null) {
			return "–";
		}
		if (value >= 10_000) {
			return String.format(Locale.ROOT, "%,.0fk", value / 1000).replace(',', ' ');
		}
		return String.format(Locale.ROOT, "%,.0f", value).replace(',', ' ');
	}

	static String ratio(Double ours, Double peer) {
		if (ours == null || peer == null || peer == 0) {
			return "–";
		}
		return String.format(Locale.ROOT, "%.2f×", ours / peer);
	}

	static String micros(Double value) {
		if (value == null) {
			return "–";
		}
		return (value >= 100) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
	}

	static String mb(long kb) {
		return String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
	}

}
