package dev.socketipc.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's targets table: each goal of the issue, the ratio this run measured for it,
 * and whether it was met.
 */
final class ReportTargets {

	private ReportTargets() {
	}

	static void append(StringBuilder md, Report report, HarnessOptions options) {
		List<String[]> rows = new ArrayList<>();
		int wMax = options.inFlight.stream().mapToInt(Integer::intValue).max().orElse(64);
		int cMax = options.connections.stream().mapToInt(Integer::intValue).max().orElse(4);
		Double ours1 = report.serverMedian("unix", 1, wMax, Report.SAMPLE, LoadResult::callsPerSecond);
		Double node1 = report.serverMedian("unix", 1, wMax, Report.NODE, LoadResult::callsPerSecond);
		Double limit1 = report.serverMedian("unix", 1, wMax, Report.LIMIT, LoadResult::callsPerSecond);
		target(rows, "unix, C=1 × W=" + wMax + ": ≥ 2× node", ours1, node1, 2.0, false);
		target(rows, "unix, C=1 × W=" + wMax + ": ≥ 0.65× limit", ours1, limit1, 0.65, false);
		target(rows, "unix, C=" + cMax + " × W=" + wMax + ": ≥ 3× node",
				report.serverMedian("unix", cMax, wMax, Report.SAMPLE, LoadResult::callsPerSecond),
				report.serverMedian("unix", cMax, wMax, Report.NODE, LoadResult::callsPerSecond), 3.0, false);
		target(rows, "ping-pong (unix, C=1, W=1): p50 ≤ 1.2× limit",
				report.serverMedian("unix", 1, 1, Report.SAMPLE, LoadResult::p50Micros),
				report.serverMedian("unix", 1, 1, Report.LIMIT, LoadResult::p50Micros), 1.2, true);
		int wObserved = HarnessOptions.OBSERVATIONS_IN_FLIGHT;
		target(rows, "unix, C=1 × W=" + wObserved + ": observations on ≥ 0.90× off",
				report.serverMedian("unix", 1, wObserved, Report.OBSERVATIONS_ON, LoadResult::callsPerSecond),
				report.serverMedian("unix", 1, wObserved, Report.OBSERVATIONS_OFF, LoadResult::callsPerSecond), 0.90,
				false);
		int wEvents = HarnessOptions.EVENTS_CALLS_IN_FLIGHT;
		target(rows, "unix, events to 1 subscriber: events/s ≥ the same server's add calls/s at C=1 × W=" + wEvents,
				report.eventMedian(1, EventResult::perSubscriber),
				report.serverMedian("unix", 1, wEvents, Report.EVENTS_SERVER, LoadResult::callsPerSecond), 1.0, false);
		for (String transport : options.transports) {
			target(rows, transport + ", " + Report.asyncMode(options.clientInFlight) + ": ours e2e ≥ 4× gRPC",
					report.clientMedian(transport, Report.asyncMode(options.clientInFlight), Report.OURS_TO_SAMPLE),
					report.clientMedian(transport, Report.asyncMode(options.clientInFlight), Report.GRPC), 4.0, false);
			target(rows, transport + ", " + Report.syncMode(options.clientThreads) + ": ours e2e ≥ 2× gRPC",
					report.clientMedian(transport, Report.syncMode(options.clientThreads), Report.OURS_TO_SAMPLE),
					report.clientMedian(transport, Report.syncMode(options.clientThreads), Report.GRPC), 2.0, false);
			target(rows, transport + ", " + Report.SYNC_1 + ": ours e2e ≥ 2× gRPC",
					report.clientMedian(transport, Report.SYNC_1, Report.OURS_TO_SAMPLE),
					report.clientMedian(transport, Report.SYNC_1, Report.GRPC), 2.0, false);
		}
		report.io.appendTargets(rows);
		payloadTargets(rows, report, options);
		if (report.memory != null) {
			double growthMb = report.memory.heapGrowthKb() / 1024.0;
			rows.add(new String[] { report.memory.connections() + " idle connections: heap growth ≤ 100 MB",
					String.format(Locale.ROOT, "%.1f MB", growthMb), (growthMb <= 100) ? "met" : "missed" });
			boolean perConnection = report.memory.threadsAfter()
					- report.memory.threadsBefore() >= report.memory.connections() / 2;
			rows.add(new String[] { "idle connections: no thread per connection",
					report.memory.threadsBefore() + " → " + report.memory.threadsAfter() + " threads",
					perConnection ? "missed" : "met" });
		}
		startupTarget(rows, report);
		if (rows.isEmpty()) {
			return;
		}
		md.append("## Targets of the issue, as measured in this run\n\n");
		md.append("| target | measured | |\n|---|---:|---|\n");
		for (String[] row : rows) {
			md.append("| ").append(row[0]).append(" | ").append(row[1]).append(" | ").append(row[2]).append(" |\n");
		}
		md.append('\n');
	}

	/**
	 * The payload cell's goals: {@code save} of a record ≥ 2× Node and ≥ 2× gRPC,
	 * {@code get} of a ~100 KB document ≥ 1.5× both.
	 */
	private static void payloadTargets(List<String[]> rows, Report report, HarnessOptions options) {
		PayloadResults payload = report.payload;
		String async = Report.asyncMode(options.clientInFlight);
		for (String method : PayloadResults.METHODS) {
			double goal = method.equals("save") ? 2.0 : 1.5;
			String what = method.equals("save") ? "payload, Item save" : "payload, ~100 KB Document get";
			target(rows,
					String.format(Locale.ROOT, "%s, unix C=1 × W=%d: ≥ %.1f× node", what,
							HarnessOptions.PAYLOAD_IN_FLIGHT, goal),
					payload.median(method, PayloadResults.SAMPLE, PayloadResults.LOAD),
					payload.median(method, PayloadResults.NODE, PayloadResults.LOAD), goal, false);
			target(rows, String.format(Locale.ROOT, "%s, unix %s: ours e2e ≥ %.1f× gRPC", what, async, goal),
					payload.median(method, PayloadResults.OURS, async),
					payload.median(method, PayloadResults.GRPC, async), goal, false);
		}
	}

	private static void target(List<String[]> rows, String name, Double ours, Double peer, double goal,
			boolean atMost) {
		if (ours == null || peer == null || peer == 0) {
			return;
		}
		double ratio = ours / peer;
		boolean met = atMost ? ratio <= goal : ratio >= goal;
		rows.add(new String[] { name, String.format(Locale.ROOT, "%.2f×", ratio), met ? "met" : String
			.format(Locale.ROOT, "missed (%.0f%% of the goal)", 100 * (atMost ? goal / ratio : ratio / goal)) });
	}

	/**
	 * Goal 7 of issue 14: the fastest fast-start variant ≤ 1 s from the process start to
	 * the first answer, Node's figure beside it.
	 */
	private static void startupTarget(List<String[]> rows, Report report) {
		StartupResult best = StartupMarkdown.bestRecipe(report.startup);
		if (best == null) {
			return;
		}
		StartupResult node = report.startup.stream()
			.filter((result) -> result.variant().name().equals("node"))
			.findFirst()
			.orElse(null);
		String measured = String.format(Locale.ROOT, "%.0f ms (%s)", best.median(), best.variant().name())
				+ ((node != null) ? String.format(Locale.ROOT, "; node %.0f ms", node.median()) : "");
		rows.add(new String[] { "startup to the first answer with the fast-start recipe: ≤ 1 s (median)", measured,
				(best.median() <= 1000) ? "met"
						: String.format(Locale.ROOT, "missed (%.0f%% of the goal)", 100 * 1000 / best.median()) });
	}

}
