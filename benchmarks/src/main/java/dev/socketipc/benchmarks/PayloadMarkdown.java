package dev.socketipc.benchmarks;

import java.util.Locale;

/**
 * The report's payload section: calls/s (median, min–max) and MB/s of each method, peer
 * and mode, with ours/peer.
 */
final class PayloadMarkdown {

	private PayloadMarkdown() {
	}

	static void append(StringBuilder md, PayloadResults payload, HarnessOptions options) {
		if (payload.runs.isEmpty()) {
			return;
		}
		md.append("## Real payloads (unix, median of ").append(options.runs).append(", min–max)\n\n");
		md.append("`Item save(Item)` (a record of ten fields) and `Document get(id)` (one of ")
			.append(PayloadData.DOCUMENTS)
			.append(" stored documents of ")
			.append(PayloadData.SECTIONS)
			.append(" sections) of sample-server's catalog. Per call: ");
		String separator = "";
		for (String method : PayloadResults.METHODS) {
			double[] bytes = payload.bytes.get(method);
			if (bytes != null) {
				md.append(separator)
					.append(String.format(Locale.ROOT, "`%s` %,.0f B request + %,.0f B answer", method, bytes[0],
							bytes[1]));
				separator = "; ";
			}
		}
		md.append(" (lines with their newline and a ")
			.append(PayloadWire.RID_DIGITS)
			.append("-digit rid; MB/s counts both). The load generator compares every answer byte for byte "
					+ "with the line it expects; the clients compare every record with `equals`.\n\n");
		md.append(
				"| method | peer | mode | calls/s | min–max | MB/s | ours/peer |\n|---|---|---|---:|---|---:|---:|\n");
		for (String method : PayloadResults.METHODS) {
			row(md, payload, method, PayloadResults.SAMPLE, PayloadResults.LOAD, null);
			row(md, payload, method, PayloadResults.NODE, PayloadResults.LOAD, PayloadResults.SAMPLE);
			for (String mode : PayloadResults.clientModes(options)) {
				row(md, payload, method, PayloadResults.OURS, mode, null);
				row(md, payload, method, PayloadResults.GRPC, mode, PayloadResults.OURS);
			}
		}
		md.append('\n');
	}

	private static void row(StringBuilder md, PayloadResults payload, String method, String peer, String mode,
			String ours) {
		Double median = payload.median(method, peer, mode);
		if (median == null) {
			return;
		}
		md.append("| ")
			.append(method)
			.append(" | ")
			.append(peer)
			.append(" | ")
			.append(mode)
			.append(" | ")
			.append(ReportFormat.calls(median))
			.append(" | ")
			.append(ReportFormat.calls(payload.min(method, peer, mode)))
			.append("–")
			.append(ReportFormat.calls(payload.max(method, peer, mode)))
			.append(" | ")
			.append(String.format(Locale.ROOT, "%.1f", median * payload.bytesPerCall(method) / 1e6))
			.append(" | ")
			.append((ours != null) ? ReportFormat.ratio(payload.median(method, ours, mode), median) : "")
			.append(" |\n");
	}

}
