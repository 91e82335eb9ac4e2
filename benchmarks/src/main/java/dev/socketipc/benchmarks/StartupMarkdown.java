package dev.socketipc.benchmarks;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The report's startup section: each variant's time to the first answer. */
final class StartupMarkdown {

	private StartupMarkdown() {
	}

	static void append(StringBuilder md, Report report, HarnessOptions options) {
		if (report.startup.isEmpty()) {
			return;
		}
		md.append("## Start to the first answer (unix, ms, ")
			.append(options.startupRuns)
			.append(" fresh processes per variant)\n\n");
		md.append("From just before `ProcessBuilder.start()` to the answer 15 of `add(1,2,3,4,5)` on a fresh "
				+ "connection (a plain JDK `SocketChannel` tries the socket path every millisecond); the file cache is "
				+ "warm. The recipes are `sample-server/fast-start` (docs/fast-start.md), trained once before the runs.\n\n");
		md.append("| variant | what | median | min | max | the JVM's own line (last run) |\n");
		md.append("|---|---|---:|---:|---:|---|\n");
		for (StartupResult result : report.startup) {
			List<String> started = result.started();
			String last = started.isEmpty() ? "" : started.get(started.size() - 1);
			md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %s |\n", result.variant().name(),
					result.variant().description(), result.median(), result.min(), result.max(), last));
		}
		md.append('\n');
	}

	/**
	 * The fastest variant that uses the fast-start recipe (trained), by median;
	 * {@code null} when none ran.
	 */
	static StartupResult bestRecipe(List<StartupResult> results) {
		return results.stream()
			.filter((result) -> !result.variant().prepare().isEmpty())
			.min(Comparator.comparingDouble(StartupResult::median))
			.orElse(null);
	}

}
