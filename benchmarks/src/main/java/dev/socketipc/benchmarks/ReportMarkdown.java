package dev.socketipc.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link Report} as the Markdown document the harness prints: the header, one
 * table per part measured, and every run behind each median.
 */
final class ReportMarkdown {

	private final Report report;

	ReportMarkdown(Report report) {
		this.report = report;
	}

	String render(HarnessOptions options) {
		StringBuilder md = new StringBuilder();
		md.append("# socket-ipc benchmark report")
			.append(options.smoke ? " (smoke run: tiny counts, not figures)" : "")
			.append("\n\n");
		md.append("- Machine: ").append(this.report.machine).append('\n');
		md.append("- Command: `").append(this.report.command).append("`\n");
		md.append("- Settings: ").append(this.report.settings).append('\n');
		md.append("- Other processes on the machine while this ran: ")
			.append(this.report.foreignLoad)
			.append(" — every figure assumes they took nothing; ")
			.append(this.report.repeated)
			.append(" measurement(s) were made again because others took CPU meanwhile, ")
			.append(this.report.disturbed.size())
			.append(" stayed disturbed after their retries")
			.append(disturbedList())
			.append('\n');
		md.append("- Wrong answers: ")
			.append(this.report.wrongAnswers)
			.append(" (every answer is checked; any wrong one fails the run)\n");
		for (String note : this.report.notes) {
			md.append("- Note: ").append(note).append('\n');
		}
		md.append('\n');
		appendServers(md, options);
		appendLatency(md, options);
		appendClients(md, options);
		appendObservations(md, options);
		appendEvents(md, options);
		appendLb(md, options);
		this.report.io.appendSection(md, options.runs);
		PayloadMarkdown.append(md, this.report.payload, options);
		appendFork(md);
		StartupMarkdown.append(md, this.report, options);
		ReportTargets.append(md, this.report, options);
		appendMemory(md);
		appendJmh(md);
		appendRawRuns(md);
		return md.toString();
	}

	private String disturbedList() {
		if (this.report.disturbed.isEmpty()) {
			return "";
		}
		int shown = Math.min(12, this.report.disturbed.size());
		return ": " + String.join("; ", this.report.disturbed.subList(0, shown))
				+ ((shown < this.report.disturbed.size()) ? "; and " + (this.report.disturbed.size() - shown) + " more"
						: "");
	}

	private void appendServers(StringBuilder md, HarnessOptions options) {
		if (this.report.serverRuns.isEmpty() || options.servers.isEmpty()) {
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
					Double ours = this.report.serverMedian(transport, c, w, Report.SAMPLE, LoadResult::callsPerSecond);
					Double node = this.report.serverMedian(transport, c, w, Report.NODE, LoadResult::callsPerSecond);
					Double limit = this.report.serverMedian(transport, c, w, Report.LIMIT, LoadResult::callsPerSecond);
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
						.append(ReportFormat.calls(ours))
						.append(" | ")
						.append(ReportFormat.calls(node))
						.append(" | ")
						.append(ReportFormat.calls(limit))
						.append(" | ")
						.append(ReportFormat.ratio(ours, node))
						.append(" | ")
						.append(ReportFormat.ratio(ours, limit))
						.append(" |\n");
				}
			}
		}
		md.append('\n');
	}

	private void appendLatency(StringBuilder md, HarnessOptions options) {
		if (this.report.serverRuns.isEmpty() || options.servers.isEmpty()) {
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
					if (this.report.serverMedian(transport, c, w, Report.SAMPLE, LoadResult::p50Micros) == null
							&& this.report.serverMedian(transport, c, w, Report.LIMIT, LoadResult::p50Micros) == null) {
						continue;
					}
					md.append("| ").append(transport).append(" | ").append(c).append(" | ").append(w).append(" | ");
					for (String server : List.of(Report.SAMPLE, Report.NODE, Report.LIMIT)) {
						md.append(latency(transport, c, w, server)).append(" | ");
					}
					Double ours = this.report.serverMedian(transport, c, w, Report.SAMPLE, LoadResult::p50Micros);
					md.append(ReportFormat.ratio(ours,
							this.report.serverMedian(transport, c, w, Report.LIMIT, LoadResult::p50Micros)))
						.append(" | ")
						.append(ReportFormat.ratio(ours,
								this.report.serverMedian(transport, c, w, Report.NODE, LoadResult::p50Micros)))
						.append(" |\n");
				}
			}
		}
		md.append('\n');
	}

	private String latency(String transport, int c, int w, String server) {
		Double p50 = this.report.serverMedian(transport, c, w, server, LoadResult::p50Micros);
		if (p50 == null) {
			return "–";
		}
		return ReportFormat.micros(p50) + " / "
				+ ReportFormat.micros(this.report.serverMedian(transport, c, w, server, LoadResult::p99Micros)) + " / "
				+ ReportFormat.micros(this.report.serverMedian(transport, c, w, server, LoadResult::p999Micros));
	}

	private void appendClients(StringBuilder md, HarnessOptions options) {
		if (this.report.clientRuns.isEmpty()) {
			return;
		}
		md.append("## Clients end to end (calls/s, median of ").append(options.runs).append(")\n\n");
		md.append("Our `@IpcClient`-style proxy (`IpcClientFactory` over one `IpcConnection`, defaults) against our "
				+ "sample-server and against the limit server; gRPC-java unary (grpc-netty-shaded, `directExecutor()` "
				+ "on both sides, JSON marshallers, no code generation) against its own server process.\n\n");
		md.append("| transport | mode | ")
			.append(Report.OURS_TO_SAMPLE)
			.append(" | ")
			.append(Report.OURS_TO_LIMIT)
			.append(" | ")
			.append(Report.GRPC)
			.append(" | ours e2e / gRPC | our client → limit / gRPC |\n");
		md.append("|---|---|---:|---:|---:|---:|---:|\n");
		for (String transport : options.transports) {
			for (String mode : this.report.clientModes) {
				Double ours = this.report.clientMedian(transport, mode, Report.OURS_TO_SAMPLE);
				Double limit = this.report.clientMedian(transport, mode, Report.OURS_TO_LIMIT);
				Double grpc = this.report.clientMedian(transport, mode, Report.GRPC);
				if (ours == null && limit == null && grpc == null) {
					continue;
				}
				md.append("| ")
					.append(transport)
					.append(" | ")
					.append(mode)
					.append(" | ")
					.append(ReportFormat.calls(ours))
					.append(" | ")
					.append(ReportFormat.calls(limit))
					.append(" | ")
					.append(ReportFormat.calls(grpc))
					.append(" | ")
					.append(ReportFormat.ratio(ours, grpc))
					.append(" | ")
					.append(ReportFormat.ratio(limit, grpc))
					.append(" |\n");
			}
		}
		md.append('\n');
	}

	private void appendObservations(StringBuilder md, HarnessOptions options) {
		int w = HarnessOptions.OBSERVATIONS_IN_FLIGHT;
		Double off = this.report.serverMedian("unix", 1, w, Report.OBSERVATIONS_OFF, LoadResult::callsPerSecond);
		if (off == null) {
			return;
		}
		md.append("## Observations off and on (unix, C=1, W=")
			.append(w)
			.append(", median of ")
			.append(options.runs)
			.append(")\n\n");
		md.append("`ObservedServer`: our server with `add` (direct dispatch): no observer (off); "
				+ "`IpcServerObservations` through a handler that does nothing (floor: Micrometer's Observation API "
				+ "alone); into a real `SimpleMeterRegistry` as Spring Boot sets it up, `IpcMeterObservationHandler` "
				+ "first and `DefaultMeterObservationHandler` behind it (on); through `DefaultMeterObservationHandler` "
				+ "alone (on, default handler). No tracer; all processes run, measured in turn. "
				+ "Goal: on costs at most 10% of calls/s.\n\n");
		md.append("| observations | calls/s | p50 µs | p99 µs | /off |\n|---|---:|---:|---:|---:|\n");
		for (String server : Report.OBSERVATIONS) {
			Double calls = this.report.serverMedian("unix", 1, w, server, LoadResult::callsPerSecond);
			if (calls == null) {
				continue;
			}
			md.append("| ")
				.append(server.substring("observations-".length()).replace('-', ' '))
				.append(" | ")
				.append(ReportFormat.calls(calls))
				.append(" | ")
				.append(ReportFormat.micros(this.report.serverMedian("unix", 1, w, server, LoadResult::p50Micros)))
				.append(" | ")
				.append(ReportFormat.micros(this.report.serverMedian("unix", 1, w, server, LoadResult::p99Micros)))
				.append(" | ")
				.append(server.equals(Report.OBSERVATIONS_OFF) ? "" : ReportFormat.ratio(calls, off))
				.append(" |\n");
		}
		md.append('\n');
	}

	private void appendEvents(StringBuilder md, HarnessOptions options) {
		if (this.report.eventRuns.isEmpty()) {
			return;
		}
		int w = HarnessOptions.EVENTS_CALLS_IN_FLIGHT;
		Double add = this.report.serverMedian("unix", 1, w, Report.EVENTS_SERVER, LoadResult::callsPerSecond);
		md.append("## Events from one publisher (unix, median of ").append(options.runs).append(")\n\n");
		md.append("`EventServer`: our server with `add` (direct dispatch) and the topic `")
			.append(EventBench.TOPIC)
			.append("`; one thread publishes `{\"seq\":N}` through `IpcServer.events().publish` (event buffer ")
			.append(options.eventBufferSize)
			.append(", overflow ")
			.append(options.eventOverflow)
			.append(", ")
			.append((options.eventCredit > 0)
					? "at most " + options.eventCredit + " events ahead of the slowest subscriber, which acknowledge "
							+ "every " + Math.max(1, options.eventCredit / 4) + " with a call"
					: "as fast as it can, whatever the subscribers read")
			.append("). S raw subscribers on one load-generator thread check every event line and its sequence; "
					+ "an event published and not received counts as dropped. Next to them, the same server's `add` "
					+ "calls/s at C=1 × W=")
			.append(w)
			.append(", measured in the same runs. Goal: one subscriber receives at least as many events/s as the "
					+ "server answers `add` calls.\n\n");
		md.append("| subscribers | events/s per subscriber | slowest subscriber | events/s in all | dropped "
				+ "(subscribers saw / server counted, all runs) | add calls/s, C=1 × W=")
			.append(w)
			.append(" | per subscriber / add |\n");
		md.append("|---:|---:|---:|---:|---:|---:|---:|\n");
		this.report.eventRuns.forEach((s, runs) -> {
			Double perSubscriber = this.report.eventMedian(s, EventResult::perSubscriber);
			long drops = runs.stream().mapToLong(EventResult::drops).sum();
			long serverDrops = runs.stream().mapToLong(EventResult::serverDrops).sum();
			long published = runs.stream().mapToLong(EventResult::published).sum();
			md.append("| ")
				.append(s)
				.append(" | ")
				.append(ReportFormat.calls(perSubscriber))
				.append(" | ")
				.append(ReportFormat.calls(this.report.eventMedian(s, EventResult::slowest)))
				.append(" | ")
				.append(ReportFormat.calls(this.report.eventMedian(s, EventResult::eventsPerSecond)))
				.append(" | ")
				.append(drops)
				.append(" / ")
				.append(serverDrops)
				.append(" of ")
				.append(published)
				.append(" × ")
				.append(s)
				.append(" | ")
				.append(ReportFormat.calls(add))
				.append(" | ")
				.append(ReportFormat.ratio(perSubscriber, add))
				.append(" |\n");
		});
		md.append('\n');
	}

	private void appendLb(StringBuilder md, HarnessOptions options) {
		if (this.report.lbRuns.isEmpty()) {
			return;
		}
		md.append("## lb:// over three servers next to one direct connection (tcp, median of ")
			.append(options.runs)
			.append(")\n\n");
		md.append("Our `@IpcClient` proxies in a Spring Boot context with spring-cloud-starter-loadbalancer and "
				+ "spring-web (round robin and the instance-list cache as Spring Cloud sets them up): `lb://")
			.append(LbClients.SERVICE)
			.append("` over ")
			.append(LbCell.SERVERS)
			.append(" sample-server processes on TCP loopback, listed as `spring.cloud.discovery.client.simple."
					+ "instances.")
			.append(LbClients.SERVICE)
			.append("[i].uri`, next to the same interfaces on one direct `tcp://` connection to the first of them, "
					+ "measured in turn in the same runs; every answer checked. The servers share the machine's "
					+ "cores with each other and with the client, so lb/direct is what balancing costs per call, "
					+ "not how it scales.\n\n");
		md.append("| mode | ")
			.append(Report.LB)
			.append(" | ")
			.append(Report.LB_DIRECT)
			.append(" | lb/direct |\n|---|---:|---:|---:|\n");
		for (String mode : this.report.lbModes) {
			Double lb = this.report.lbMedian(mode, Report.LB);
			Double direct = this.report.lbMedian(mode, Report.LB_DIRECT);
			md.append("| ")
				.append(mode)
				.append(" | ")
				.append(ReportFormat.calls(lb))
				.append(" | ")
				.append(ReportFormat.calls(direct))
				.append(" | ")
				.append(ReportFormat.ratio(lb, direct))
				.append(" |\n");
		}
		long all = this.report.lbAnswered.values().stream().mapToLong(Long::longValue).sum();
		md.append("\nCalls answered per server through `lb://")
			.append(LbClients.SERVICE)
			.append("` in all runs, warm-ups included (counted by a `LoadBalancerLifecycle`; round robin gives each "
					+ "about 1/")
			.append(LbCell.SERVERS)
			.append("): ");
		md.append(String.join("; ",
				this.report.lbAnswered.entrySet()
					.stream()
					.map((e) -> String.format(Locale.ROOT, "%s %,d (%.1f%%)", e.getKey(), e.getValue(),
							(all > 0) ? 100.0 * e.getValue() / all : 0))
					.toList()))
			.append(".\n\n");
	}

	private void appendFork(StringBuilder md) {
		if (this.report.forkRuns.isEmpty()) {
			return;
		}
		md.append("## Node.js parent/child IPC (`child_process.fork`, `process.send`)\n\n");
		md.append("`interop/bench-fork.js`: the parent keeps W calls in flight to a forked child over Node's IPC "
				+ "channel. Compared with our client → sample-server over a Unix socket: W=1 against sync from 1 "
				+ "thread, W>1 against async with the same number in flight.\n\n");
		md.append("| W | node fork calls/s | fork p50 / p99 µs | ours e2e (unix) calls/s | ours/fork |\n");
		md.append("|---:|---:|---:|---:|---:|\n");
		this.report.forkRuns.forEach((w, runs) -> {
			double fork = Report.median(runs, Report.ForkResult::callsPerSecond);
			String mode = (w == 1) ? Report.SYNC_1 : Report.asyncMode(w);
			Double ours = this.report.clientMedian("unix", mode, Report.OURS_TO_SAMPLE);
			md.append("| ")
				.append(w)
				.append(" | ")
				.append(ReportFormat.calls(fork))
				.append(" | ")
				.append(ReportFormat.micros(Report.median(runs, Report.ForkResult::p50Micros)))
				.append(" / ")
				.append(ReportFormat.micros(Report.median(runs, Report.ForkResult::p99Micros)))
				.append(" | ")
				.append(ReportFormat.calls(ours))
				.append(" | ")
				.append(ReportFormat.ratio(ours, fork))
				.append(" |\n");
		});
		md.append('\n');
	}

	private void appendMemory(StringBuilder md) {
		if (this.report.memory == null) {
			return;
		}
		IdleConnections.Result m = this.report.memory;
		md.append("## sample-server with ").append(m.connections()).append(" idle connections (Unix socket)\n\n");
		md.append("Heap used is read with `jcmd <pid> GC.heap_info` right after `jcmd <pid> GC.run` (a full GC), so "
				+ "it is live data; threads and RSS come from `/proc/<pid>/status`.\n\n");
		md.append("| | before | with the connections open | growth |\n|---|---:|---:|---:|\n");
		md.append("| heap used (after full GC) | ")
			.append(ReportFormat.mb(m.heapUsedBeforeKb()))
			.append(" | ")
			.append(ReportFormat.mb(m.heapUsedAfterKb()))
			.append(" | ")
			.append(ReportFormat.mb(m.heapGrowthKb()))
			.append(" |\n");
		md.append("| heap committed | ")
			.append(ReportFormat.mb(m.heapCommittedBeforeKb()))
			.append(" | ")
			.append(ReportFormat.mb(m.heapCommittedAfterKb()))
			.append(" | ")
			.append(ReportFormat.mb(m.heapCommittedAfterKb() - m.heapCommittedBeforeKb()))
			.append(" |\n");
		md.append("| RSS | ")
			.append(ReportFormat.mb(m.rssBeforeKb()))
			.append(" | ")
			.append(ReportFormat.mb(m.rssAfterKb()))
			.append(" | ")
			.append(ReportFormat.mb(m.rssAfterKb() - m.rssBeforeKb()))
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
		if (this.report.jmh.isEmpty()) {
			return;
		}
		md.append("## Server path allocation (JMH, `-prof gc`)\n\n");
		md.append("`ServerPathBenchmark`: the sample's `add` served by `LineFramer` + `ServerConnection` "
				+ "in an `EmbeddedChannel` with a direct executor (decode → dispatch → encode → flush), one call per "
				+ "op; `decode` and `encodeSuccess` are the codec's share alone.\n\n");
		md.append("`ClientPathBenchmark`: `add(1,2,3,4,5)` through an async proxy and a real `IpcConnection` whose "
				+ "channel is an `EmbeddedChannel` with the client pipeline (proxy → encode → write → answer decode → "
				+ "future completed), one call per op: the client path's bytes per call; `decodeAnswer` and "
				+ "`encodeRequest` are the codec's share alone.\n\n");
		md.append("| benchmark | ops/s (one thread) | gc.alloc.rate.norm (bytes/op) |\n|---|---:|---:|\n");
		for (JmhFigures.Figure figure : this.report.jmh) {
			md.append("| ")
				.append(figure.benchmark())
				.append(" | ")
				.append(ReportFormat.calls(figure.opsPerSecond()))
				.append(" | ")
				.append(String.format(Locale.ROOT, "%.0f", figure.bytesPerOp()))
				.append(" |\n");
		}
		md.append('\n');
	}

	private void appendRawRuns(StringBuilder md) {
		md.append("## Every run (calls/s), for the spread behind each median\n\n");
		md.append("| figure | runs |\n|---|---|\n");
		this.report.serverRuns.forEach((key, runs) -> md.append("| ")
			.append(key)
			.append(" | ")
			.append(String.join(", ", runs.stream().map((r) -> ReportFormat.calls(r.callsPerSecond())).toList()))
			.append(" |\n"));
		this.report.clientRuns.forEach((key, runs) -> md.append("| ")
			.append(key)
			.append(" | ")
			.append(String.join(", ", runs.stream().map(ReportFormat::calls).toList()))
			.append(" |\n"));
		this.report.payload.runs.forEach((key, runs) -> md.append("| ")
			.append(key)
			.append(" | ")
			.append(String.join(", ", runs.stream().map(ReportFormat::calls).toList()))
			.append(" |\n"));
		this.report.lbRuns.forEach((key, runs) -> md.append("| ")
			.append(key)
			.append(" | ")
			.append(String.join(", ", runs.stream().map(ReportFormat::calls).toList()))
			.append(" |\n"));
		this.report.eventRuns.forEach((s, runs) -> md.append("| ")
			.append(Report.eventKey(s))
			.append(" events/s per subscriber | ")
			.append(String.join(", ", runs.stream().map((r) -> ReportFormat.calls(r.perSubscriber())).toList()))
			.append(" |\n"));
		this.report.forkRuns.forEach((w, runs) -> md.append("| node fork/W")
			.append(w)
			.append(" | ")
			.append(String.join(", ", runs.stream().map((r) -> ReportFormat.calls(r.callsPerSecond())).toList()))
			.append(" |\n"));
		md.append('\n');
	}

}
