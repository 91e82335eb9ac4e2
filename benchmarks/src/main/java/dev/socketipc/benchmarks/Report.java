package dev.socketipc.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Everything one harness run measured, and its Markdown rendering: each figure is the
 * median of its runs, shown next to its ratio against the peers measured in the same run.
 */
final class Report {

	static final String SAMPLE = "sample";

	static final String NODE = "node";

	static final String LIMIT = "limit";

	static final String OURS_TO_SAMPLE = "our client → sample-server";

	static final String OURS_TO_LIMIT = "our client → limit";

	static final String GRPC = "gRPC";

	/** Our server with no observer (the observations cell). */
	static final String OBSERVATIONS_OFF = "observations-off";

	/**
	 * Our server observed into a SimpleMeterRegistry, no tracer (the observations cell).
	 */
	static final String OBSERVATIONS_ON = "observations-on";

	/** The client mode of one thread making blocking calls. */
	static final String SYNC_1 = "sync, 1 thread";

	final List<String> notes = new ArrayList<>();

	final Map<String, List<LoadResult>> serverRuns = new LinkedHashMap<>();

	final Map<String, List<Double>> clientRuns = new LinkedHashMap<>();

	final Map<Integer, List<ForkResult>> forkRuns = new LinkedHashMap<>();

	final List<String> clientModes = new ArrayList<>();

	String machine = "";

	String command = "";

	String settings = "";

	String foreignLoad = "not measured";

	IdleConnections.Result memory;

	List<JmhFigures.Figure> jmh = List.of();

	long wrongAnswers;

	/** Measurements made again because other processes took CPU meanwhile. */
	int repeated;

	/** Measurements still disturbed by other processes after their retries. */
	final List<String> disturbed = new ArrayList<>();

	/**
	 * One run of the Node.js fork peer, as bench-fork.js prints it.
	 *
	 * @param callsPerSecond answers per second
	 * @param p50Micros median latency
	 * @param p99Micros 99th percentile latency
	 */
	record ForkResult(double callsPerSecond, double p50Micros, double p99Micros) {
	}

	/**
	 * A figure the report holds, for checks that every cell measured something.
	 *
	 * @param name where it is
	 * @param value its value
	 */
	record Figure(String name, double value) {
	}

	static String serverKey(String transport, int connections, int inFlight, String server) {
		return transport + "/C" + connections + "/W" + inFlight + "/" + server;
	}

	static String clientKey(String transport, String mode, String peer) {
		return transport + "/" + mode + "/" + peer;
	}

	private String disturbedList() {
		if (this.disturbed.isEmpty()) {
			return "";
		}
		int shown = Math.min(12, this.disturbed.size());
		return ": " + String.join("; ", this.disturbed.subList(0, shown))
				+ ((shown < this.disturbed.size()) ? "; and " + (this.disturbed.size() - shown) + " more" : "");
	}

	void addServerRun(String transport, int connections, int inFlight, String server, LoadResult result) {
		this.serverRuns.computeIfAbsent(serverKey(transport, connections, inFlight, server), (k) -> new ArrayList<>())
			.add(result);
	}

	void addClientRun(String transport, String mode, String peer, double callsPerSecond) {
		if (!this.clientModes.contains(mode)) {
			this.clientModes.add(mode);
		}
		this.clientRuns.computeIfAbsent(clientKey(transport, mode, peer), (k) -> new ArrayList<>()).add(callsPerSecond);
	}

	void addForkRun(int inFlight, ForkResult result) {
		this.forkRuns.computeIfAbsent(inFlight, (k) -> new ArrayList<>()).add(result);
	}

	/** Every figure measured, by name. */
	List<Figure> figures() {
		List<Figure> figures = new ArrayList<>();
		this.serverRuns.forEach((key, runs) -> {
			figures.add(new Figure(key + " calls/s", median(runs, LoadResult::callsPerSecond)));
			figures.add(new Figure(key + " p50", median(runs, LoadResult::p50Micros)));
		});
		this.clientRuns.forEach((key, runs) -> figures.add(new Figure(key + " calls/s", median(runs, (v) -> v))));
		this.forkRuns.forEach((w, runs) -> figures
			.add(new Figure("fork/W" + w + " calls/s", median(runs, ForkResult::callsPerSecond))));
		if (this.memory != null) {
			figures.add(new Figure("idle connections registered", this.memory.registered()));
			figures.add(new Figure("server threads with idle connections", this.memory.threadsAfter()));
		}
		for (JmhFigures.Figure figure : this.jmh) {
			figures.add(new Figure("jmh " + figure.benchmark() + " ops/s", figure.opsPerSecond()));
		}
		return figures;
	}

	Double serverMedian(String transport, int c, int w, String server, ToDoubleFunction<LoadResult> value) {
		List<LoadResult> runs = this.serverRuns.get(serverKey(transport, c, w, server));
		return (runs == null || runs.isEmpty()) ? null : median(runs, value);
	}

	Double clientMedian(String transport, String mode, String peer) {
		List<Double> runs = this.clientRuns.get(clientKey(transport, mode, peer));
		return (runs == null || runs.isEmpty()) ? null : median(runs, (v) -> v);
	}

	static <T> double median(List<T> runs, ToDoubleFunction<T> value) {
		double[] values = runs.stream().mapToDouble(value).sorted().toArray();
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	String markdown(HarnessOptions options) {
		StringBuilder md = new StringBuilder();
		md.append("# socket-ipc benchmark report")
			.append(options.smoke ? " (smoke run: tiny counts, not figures)" : "")
			.append("\n\n");
		md.append("- Machine: ").append(this.machine).append('\n');
		md.append("- Command: `").append(this.command).append("`\n");
		md.append("- Settings: ").append(this.settings).append('\n');
		md.append("- Other processes on the machine while this ran: ")
			.append(this.foreignLoad)
			.append(" — every figure assumes they took nothing; ")
			.append(this.repeated)
			.append(" measurement(s) were made again because others took CPU meanwhile, ")
			.append(this.disturbed.size())
			.append(" stayed disturbed after their retries")
			.append(disturbedList())
			.append('\n');
		md.append("- Wrong answers: ")
			.append(this.wrongAnswers)
			.append(" (every answer is checked; any wrong one fails the run)\n");
		for (String note : this.notes) {
			md.append("- Note: ").append(note).append('\n');
		}
		md.append('\n');
		appendServers(md, options);
		appendLatency(md, options);
		appendClients(md, options);
		appendObservations(md, options);
		appendFork(md);
		appendTargets(md, options);
		appendMemory(md);
		appendJmh(md);
		appendRawRuns(md);
		return md.toString();
	}

	private void appendServers(StringBuilder md, HarnessOptions options) {
		if (this.serverRuns.isEmpty() || options.servers.isEmpty()) {
			return;
		}
		md.append("## Servers under the load generator (calls/s, median of ").append(options.runs).append(")\n\n");
		md.append("One Netty load-generator thread, C connections × W calls of `add(1,2,3,4,5)` in flight each, "
				+ "every answer checked. sample-server = our starter (full Spring Boot app, default settings); "
				+ "node = `interop/bench-node-server.js` (seed-style, single-threaded); limit = a bare Netty server "
				+ "answering a fixed line without JSON.\n\n");
		md.append("| transport | C | W | sample-server | node | limit | ours/node | ours/limit |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (String transport : options.transports) {
			for (int c : options.connections) {
				for (int w : options.inFlight) {
					Double ours = serverMedian(transport, c, w, SAMPLE, LoadResult::callsPerSecond);
					Double node = serverMedian(transport, c, w, NODE, LoadResult::callsPerSecond);
					Double limit = serverMedian(transport, c, w, LIMIT, LoadResult::callsPerSecond);
					if (ours == null && node == null && limit == null) {
						continue;
					}
					md.append("| ")
						.append(transport)
						.append(" | ")
						.append(c)
						.append(" | ")
						.append(w)
						.append(" | ")
						.append(calls(ours))
						.append(" | ")
						.append(calls(node))
						.append(" | ")
						.append(calls(limit))
						.append(" | ")
						.append(ratio(ours, node))
						.append(" | ")
						.append(ratio(ours, limit))
						.append(" |\n");
				}
			}
		}
		md.append('\n');
	}

	private void appendLatency(StringBuilder md, HarnessOptions options) {
		if (this.serverRuns.isEmpty() || options.servers.isEmpty()) {
			return;
		}
		md.append("## Latency under the load generator (µs, p50 / p99 / p99.9, median of ")
			.append(options.runs)
			.append(")\n\n");
		md.append("| transport | C | W | sample-server | node | limit | p50 ours/limit | p50 ours/node |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (String transport : options.transports) {
			for (int c : options.connections) {
				for (int w : options.inFlight) {
					if (serverMedian(transport, c, w, SAMPLE, LoadResult::p50Micros) == null
							&& serverMedian(transport, c, w, LIMIT, LoadResult::p50Micros) == null) {
						continue;
					}
					md.append("| ").append(transport).append(" | ").append(c).append(" | ").append(w).append(" | ");
					for (String server : List.of(SAMPLE, NODE, LIMIT)) {
						md.append(latency(transport, c, w, server)).append(" | ");
					}
					Double ours = serverMedian(transport, c, w, SAMPLE, LoadResult::p50Micros);
					md.append(ratio(ours, serverMedian(transport, c, w, LIMIT, LoadResult::p50Micros)))
						.append(" | ")
						.append(ratio(ours, serverMedian(transport, c, w, NODE, LoadResult::p50Micros)))
						.append(" |\n");
				}
			}
		}
		md.append('\n');
	}

	private String latency(String transport, int c, int w, String server) {
		Double p50 = serverMedian(transport, c, w, server, LoadResult::p50Micros);
		if (p50 == null) {
			return "–";
		}
		return micros(p50) + " / " + micros(serverMedian(transport, c, w, server, LoadResult::p99Micros)) + " / "
				+ micros(serverMedian(transport, c, w, server, LoadResult::p999Micros));
	}

	private void appendClients(StringBuilder md, HarnessOptions options) {
		if (this.clientRuns.isEmpty()) {
			return;
		}
		md.append("## Clients end to end (calls/s, median of ").append(options.runs).append(")\n\n");
		md.append("Our `@IpcClient`-style proxy (`IpcClientFactory` over one `IpcConnection`, defaults) against our "
				+ "sample-server and against the limit server; gRPC-java unary (grpc-netty-shaded, `directExecutor()` "
				+ "on both sides, JSON marshallers, no code generation) against its own server process.\n\n");
		md.append("| transport | mode | ")
			.append(OURS_TO_SAMPLE)
			.append(" | ")
			.append(OURS_TO_LIMIT)
			.append(" | ")
			.append(GRPC)
			.append(" | ours e2e / gRPC | our client → limit / gRPC |\n");
		md.append("|---|---|---:|---:|---:|---:|---:|\n");
		for (String transport : options.transports) {
			for (String mode : this.clientModes) {
				Double ours = clientMedian(transport, mode, OURS_TO_SAMPLE);
				Double limit = clientMedian(transport, mode, OURS_TO_LIMIT);
				Double grpc = clientMedian(transport, mode, GRPC);
				if (ours == null && limit == null && grpc == null) {
					continue;
				}
				md.append("| ")
					.append(transport)
					.append(" | ")
					.append(mode)
					.append(" | ")
					.append(calls(ours))
					.append(" | ")
					.append(calls(limit))
					.append(" | ")
					.append(calls(grpc))
					.append(" | ")
					.append(ratio(ours, grpc))
					.append(" | ")
					.append(ratio(limit, grpc))
					.append(" |\n");
			}
		}
		md.append('\n');
	}

	private void appendObservations(StringBuilder md, HarnessOptions options) {
		int w = HarnessOptions.OBSERVATIONS_IN_FLIGHT;
		Double off = serverMedian("unix", 1, w, OBSERVATIONS_OFF, LoadResult::callsPerSecond);
		Double on = serverMedian("unix", 1, w, OBSERVATIONS_ON, LoadResult::callsPerSecond);
		if (off == null && on == null) {
			return;
		}
		md.append("## Observations off and on (unix, C=1, W=")
			.append(w)
			.append(", median of ")
			.append(options.runs)
			.append(")\n\n");
		md.append("`ObservedServer`: our server with `add` (direct dispatch), no observer (off) or "
				+ "`IpcServerObservations` into a real `SimpleMeterRegistry` through "
				+ "`DefaultMeterObservationHandler`, no tracer (on); both processes run, measured in turn. "
				+ "Goal: on costs at most 10% of calls/s.\n\n");
		md.append("| observations | calls/s | p50 µs | p99 µs | on/off |\n|---|---:|---:|---:|---:|\n");
		for (String server : List.of(OBSERVATIONS_OFF, OBSERVATIONS_ON)) {
			md.append("| ")
				.append(server.equals(OBSERVATIONS_ON) ? "on" : "off")
				.append(" | ")
				.append(calls(serverMedian("unix", 1, w, server, LoadResult::callsPerSecond)))
				.append(" | ")
				.append(micros(serverMedian("unix", 1, w, server, LoadResult::p50Micros)))
				.append(" | ")
				.append(micros(serverMedian("unix", 1, w, server, LoadResult::p99Micros)))
				.append(" | ")
				.append(server.equals(OBSERVATIONS_ON) ? ratio(on, off) : "")
				.append(" |\n");
		}
		md.append('\n');
	}

	private void appendFork(StringBuilder md) {
		if (this.forkRuns.isEmpty()) {
			return;
		}
		md.append("## Node.js parent/child IPC (`child_process.fork`, `process.send`)\n\n");
		md.append("`interop/bench-fork.js`: the parent keeps W calls in flight to a forked child over Node's IPC "
				+ "channel. Compared with our client → sample-server over a Unix socket: W=1 against sync from 1 "
				+ "thread, W>1 against async with the same number in flight.\n\n");
		md.append("| W | node fork calls/s | fork p50 / p99 µs | ours e2e (unix) calls/s | ours/fork |\n");
		md.append("|---:|---:|---:|---:|---:|\n");
		this.forkRuns.forEach((w, runs) -> {
			double fork = median(runs, ForkResult::callsPerSecond);
			String mode = (w == 1) ? SYNC_1 : asyncMode(w);
			Double ours = clientMedian("unix", mode, OURS_TO_SAMPLE);
			md.append("| ")
				.append(w)
				.append(" | ")
				.append(calls(fork))
				.append(" | ")
				.append(micros(median(runs, ForkResult::p50Micros)))
				.append(" / ")
				.append(micros(median(runs, ForkResult::p99Micros)))
				.append(" | ")
				.append(calls(ours))
				.append(" | ")
				.append(ratio(ours, fork))
				.append(" |\n");
		});
		md.append('\n');
	}

	static String syncMode(int threads) {
		return (threads == 1) ? SYNC_1 : "sync, " + threads + " threads";
	}

	static String asyncMode(int inFlight) {
		return "async, " + inFlight + " in flight";
	}

	private void appendTargets(StringBuilder md, HarnessOptions options) {
		List<String[]> rows = new ArrayList<>();
		int wMax = options.inFlight.stream().mapToInt(Integer::intValue).max().orElse(64);
		int cMax = options.connections.stream().mapToInt(Integer::intValue).max().orElse(4);
		Double ours1 = serverMedian("unix", 1, wMax, SAMPLE, LoadResult::callsPerSecond);
		Double node1 = serverMedian("unix", 1, wMax, NODE, LoadResult::callsPerSecond);
		Double limit1 = serverMedian("unix", 1, wMax, LIMIT, LoadResult::callsPerSecond);
		target(rows, "unix, C=1 × W=" + wMax + ": ≥ 2× node", ours1, node1, 2.0, false);
		target(rows, "unix, C=1 × W=" + wMax + ": ≥ 0.65× limit", ours1, limit1, 0.65, false);
		target(rows, "unix, C=" + cMax + " × W=" + wMax + ": ≥ 3× node",
				serverMedian("unix", cMax, wMax, SAMPLE, LoadResult::callsPerSecond),
				serverMedian("unix", cMax, wMax, NODE, LoadResult::callsPerSecond), 3.0, false);
		target(rows, "ping-pong (unix, C=1, W=1): p50 ≤ 1.2× limit",
				serverMedian("unix", 1, 1, SAMPLE, LoadResult::p50Micros),
				serverMedian("unix", 1, 1, LIMIT, LoadResult::p50Micros), 1.2, true);
		int wObserved = HarnessOptions.OBSERVATIONS_IN_FLIGHT;
		target(rows, "unix, C=1 × W=" + wObserved + ": observations on ≥ 0.90× off",
				serverMedian("unix", 1, wObserved, OBSERVATIONS_ON, LoadResult::callsPerSecond),
				serverMedian("unix", 1, wObserved, OBSERVATIONS_OFF, LoadResult::callsPerSecond), 0.90, false);
		for (String transport : options.transports) {
			target(rows, transport + ", " + asyncMode(options.clientInFlight) + ": ours e2e ≥ 4× gRPC",
					clientMedian(transport, asyncMode(options.clientInFlight), OURS_TO_SAMPLE),
					clientMedian(transport, asyncMode(options.clientInFlight), GRPC), 4.0, false);
			target(rows, transport + ", " + syncMode(options.clientThreads) + ": ours e2e ≥ 2× gRPC",
					clientMedian(transport, syncMode(options.clientThreads), OURS_TO_SAMPLE),
					clientMedian(transport, syncMode(options.clientThreads), GRPC), 2.0, false);
			target(rows, transport + ", " + SYNC_1 + ": ours e2e ≥ 2× gRPC",
					clientMedian(transport, SYNC_1, OURS_TO_SAMPLE), clientMedian(transport, SYNC_1, GRPC), 2.0, false);
		}
		if (this.memory != null) {
			double growthMb = this.memory.heapGrowthKb() / 1024.0;
			rows.add(new String[] { this.memory.connections() + " idle connections: heap growth ≤ 100 MB",
					String.format(Locale.ROOT, "%.1f MB", growthMb), (growthMb <= 100) ? "met" : "missed" });
			boolean perConnection = this.memory.threadsAfter()
					- this.memory.threadsBefore() >= this.memory.connections() / 2;
			rows.add(new String[] { "idle connections: no thread per connection",
					this.memory.threadsBefore() + " → " + this.memory.threadsAfter() + " threads",
					perConnection ? "missed" : "met" });
		}
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

	private void appendMemory(StringBuilder md) {
		if (this.memory == null) {
			return;
		}
		IdleConnections.Result m = this.memory;
		md.append("## sample-server with ").append(m.connections()).append(" idle connections (Unix socket)\n\n");
		md.append("Heap used is read with `jcmd <pid> GC.heap_info` right after `jcmd <pid> GC.run` (a full GC), so "
				+ "it is live data; threads and RSS come from `/proc/<pid>/status`.\n\n");
		md.append("| | before | with the connections open | growth |\n|---|---:|---:|---:|\n");
		md.append("| heap used (after full GC) | ")
			.append(mb(m.heapUsedBeforeKb()))
			.append(" | ")
			.append(mb(m.heapUsedAfterKb()))
			.append(" | ")
			.append(mb(m.heapGrowthKb()))
			.append(" |\n");
		md.append("| heap committed | ")
			.append(mb(m.heapCommittedBeforeKb()))
			.append(" | ")
			.append(mb(m.heapCommittedAfterKb()))
			.append(" | ")
			.append(mb(m.heapCommittedAfterKb() - m.heapCommittedBeforeKb()))
			.append(" |\n");
		md.append("| RSS | ")
			.append(mb(m.rssBeforeKb()))
			.append(" | ")
			.append(mb(m.rssAfterKb()))
			.append(" | ")
			.append(mb(m.rssAfterKb() - m.rssBeforeKb()))
			.append(" |\n");
		md.append("| threads | ")
			.append(m.threadsBefore())
			.append(" | ")
			.append(m.threadsAfter())
			.append(" | ")
			.append(m.threadsAfter() - m.threadsBefore())
			.append(" |\n\n");
		md.append("Connections opened: ")
			.append(m.connections())
			.append("; register lines received: ")
			.append(m.registered())
			.append("; `add(1,2,3,4,5)` on one of them with all open: ")
			.append(m.addAnswered() ? "answered 15" : "NOT answered")
			.append(String.format(Locale.ROOT, "; heap growth per connection: %.2f KB.%n%n",
					m.heapGrowthKb() / (double) m.connections()));
	}

	private void appendJmh(StringBuilder md) {
		if (this.jmh.isEmpty()) {
			return;
		}
		md.append("## Server path allocation (JMH, `-prof gc`)\n\n");
		md.append("`ServerPathBenchmark`: the sample's `add` served by `LineBasedFrameDecoder` + `ServerConnection` "
				+ "in an `EmbeddedChannel` with a direct executor (decode → dispatch → encode → flush), one call per "
				+ "op; `decode` and `encodeSuccess` are the codec's share alone.\n\n");
		md.append("| benchmark | ops/s (one thread) | gc.alloc.rate.norm (bytes/op) |\n|---|---:|---:|\n");
		for (JmhFigures.Figure figure : this.jmh) {
			md.append("| ")
				.append(figure.benchmark())
				.append(" | ")
				.append(calls(figure.opsPerSecond()))
				.append(" | ")
				.append(String.format(Locale.ROOT, "%.0f", figure.bytesPerOp()))
				.append(" |\n");
		}
		md.append('\n');
	}

	private void appendRawRuns(StringBuilder md) {
		md.append("## Every run (calls/s), for the spread behind each median\n\n");
		md.append("| figure | runs |\n|---|---|\n");
		this.serverRuns.forEach((key, runs) -> md.append("| ")
			.append(key)
			.append(" | ")
			.append(String.join(", ", runs.stream().map((r) -> calls(r.callsPerSecond())).toList()))
			.append(" |\n"));
		this.clientRuns.forEach((key, runs) -> md.append("| ")
			.append(key)
			.append(" | ")
			.append(String.join(", ", runs.stream().map(Report::calls).toList()))
			.append(" |\n"));
		this.forkRuns.forEach((w, runs) -> md.append("| node fork/W")
			.append(w)
			.append(" | ")
			.append(String.join(", ", runs.stream().map((r) -> calls(r.callsPerSecond())).toList()))
			.append(" |\n"));
		md.append('\n');
	}

	private static String calls(Double value) {
		if (value == null) {
			return "–";
		}
		if (value >= 10_000) {
			return String.format(Locale.ROOT, "%,.0fk", value / 1000).replace(',', ' ');
		}
		return String.format(Locale.ROOT, "%,.0f", value).replace(',', ' ');
	}

	private static String ratio(Double ours, Double peer) {
		if (ours == null || peer == null || peer == 0) {
			return "–";
		}
		return String.format(Locale.ROOT, "%.2f×", ours / peer);
	}

	private static String micros(Double value) {
		if (value == null) {
			return "–";
		}
		return (value >= 100) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
	}

	private static String mb(long kb) {
		return String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
	}

}
