package dev.socketipc.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The runs of the transports cell ({@code --io}): calls per second by I/O transport
 * ({@code nio}, {@code epoll}, {@code io-uring}) and row (a server at one transport, C
 * and W, or our client in one mode), with their median and spread, and the report's table
 * and target line.
 */
final class IoRuns {

	/** The I/O transports measured, in the order asked for. */
	final List<String> kinds = new ArrayList<>();

	/** The rows, in the order first measured. */
	final List<String> rows = new ArrayList<>();

	/** The rows that are sample-server figures, which the target line sums up. */
	final List<String> serverRows = new ArrayList<>();

	private final Map<String, List<Double>> runs = new LinkedHashMap<>();

	static String serverRow(String transport, int c, int w, String server) {
		return String.format(Locale.ROOT, "%s C=%d × W=%d, %s", transport, c, w, server);
	}

	static String clientRow(String transport, String mode) {
		return "our client → sample-server, " + transport + ", " + mode;
	}

	void add(String kind, String row, boolean sampleServer, double callsPerSecond) {
		if (!this.kinds.contains(kind)) {
			this.kinds.add(kind);
		}
		if (!this.rows.contains(row)) {
			this.rows.add(row);
		}
		if (sampleServer && !this.serverRows.contains(row)) {
			this.serverRows.add(row);
		}
		this.runs.computeIfAbsent(kind + "|" + row, (k) -> new ArrayList<>()).add(callsPerSecond);
	}

	List<Double> runs(String kind, String row) {
		return this.runs.getOrDefault(kind + "|" + row, List.of());
	}

	Double median(String kind, String row) {
		List<Double> values = runs(kind, row);
		return values.isEmpty() ? null : Report.median(values, (v) -> v);
	}

	/** Half the max–min of a row's runs, relative to their median. */
	double halfSpread(String kind, String row) {
		List<Double> values = runs(kind, row);
		if (values.isEmpty()) {
			return 0;
		}
		double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
		double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
		return (max - min) / 2 / median(kind, row);
	}

	/** The "Transports side by side" section. */
	void appendSection(StringBuilder md, int runs) {
		if (this.rows.isEmpty()) {
			return;
		}
		md.append("## Transports side by side (--io; median and min–max of ").append(runs).append(" runs)\n\n");
		md.append("The servers run each I/O transport (sample-server `--ipc.transport=X`, the limit server "
				+ "`-Dipc.transport=X`), the load generator stays on NIO; our client runs the transport of the "
				+ "sample-server it calls. All transports' servers run at once, measured in turn in each run.\n\n");
		md.append("| calls/s |");
		this.kinds.forEach((kind) -> md.append(' ').append(kind).append(" |"));
		this.kinds.stream()
			.skip(1)
			.forEach((kind) -> md.append(' ').append(kind).append('/').append(this.kinds.get(0)).append(" |"));
		md.append("\n|---|");
		this.kinds.forEach((kind) -> md.append("---:|"));
		this.kinds.stream().skip(1).forEach((kind) -> md.append("---:|"));
		md.append('\n');
		for (String row : this.rows) {
			md.append("| ").append(row).append(" |");
			for (String kind : this.kinds) {
				List<Double> values = runs(kind, row);
				if (values.isEmpty()) {
					md.append(" – |");
					continue;
				}
				md.append(' ')
					.append(ReportFormat.calls(median(kind, row)))
					.append(String.format(Locale.ROOT, " (%s–%s)",
							ReportFormat.calls(values.stream().mapToDouble(Double::doubleValue).min().orElse(0)),
							ReportFormat.calls(values.stream().mapToDouble(Double::doubleValue).max().orElse(0))))
					.append(" |");
			}
			for (String kind : this.kinds.subList(1, this.kinds.size())) {
				md.append(' ')
					.append(ReportFormat.ratio(median(kind, row), median(this.kinds.get(0), row)))
					.append(" |");
			}
			md.append('\n');
		}
		md.append('\n');
	}

	/**
	 * The target lines: per native transport, the geometric mean over the sample-server
	 * rows of its median over NIO's, and the widest half-spread of those rows' runs on
	 * either side.
	 */
	void appendTargets(List<String[]> rows) {
		if (!this.kinds.contains("nio") || this.serverRows.isEmpty()) {
			return;
		}
		for (String kind : this.kinds) {
			if (kind.equals("nio")) {
				continue;
			}
			double logSum = 0;
			int count = 0;
			double spread = 0;
			for (String row : this.serverRows) {
				Double nativeMedian = median(kind, row);
				Double nioMedian = median("nio", row);
				if (nativeMedian == null || nioMedian == null || nioMedian == 0) {
					continue;
				}
				logSum += Math.log(nativeMedian / nioMedian);
				count++;
				spread = Math.max(spread, Math.max(halfSpread(kind, row), halfSpread("nio", row)));
			}
			if (count == 0) {
				continue;
			}
			double ratio = Math.exp(logSum / count);
			rows.add(new String[] {
					"native vs nio (sample-server, geometric mean of " + count + " cells): " + kind
							+ "/nio > 1 + spread",
					String.format(Locale.ROOT, "%s/nio = %.2f× (spread ±%.0f %%)", kind, ratio, 100 * spread),
					(ratio - 1 > spread) ? "met" : "missed (within the spread or slower)" });
		}
	}

}
