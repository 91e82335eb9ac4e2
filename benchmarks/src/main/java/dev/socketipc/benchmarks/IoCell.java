package dev.socketipc.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.socketipc.transport.IoTransport;
import io.netty.channel.EventLoopGroup;

/**
 * The transports cell ({@code --io nio,epoll,io-uring}): for each I/O transport a
 * sample-server and a limit server over a Unix socket and over TCP, all started at once
 * and measured in turn in each run at C ∈ {@value #C1}, {@value #C4} and W = {@value #W},
 * with the load generator on NIO; then our client on the same transport against that
 * transport's sample-server over the Unix socket, one blocking thread and
 * {@code --client-inflight} asynchronous calls in flight.
 */
final class IoCell {

	static final int C1 = 1;

	static final int C4 = 4;

	static final int W = 64;

	private final HarnessOptions options;

	private final Report report;

	private final QuietMeasurement quiet;

	private final PeerProcesses peers;

	private final EventLoopGroup group;

	IoCell(HarnessOptions options, Report report, QuietMeasurement quiet, PeerProcesses peers, EventLoopGroup group) {
		this.options = options;
		this.report = report;
		this.quiet = quiet;
		this.peers = peers;
		this.group = group;
	}

	void run() {
		Map<String, ServerProcess> servers = new LinkedHashMap<>();
		try {
			for (String kind : this.options.io) {
				for (String transport : this.options.ioTransports) {
					servers.put(key(kind, transport, Report.SAMPLE), this.peers.startSampleOn(kind, transport));
					servers.put(key(kind, transport, Report.LIMIT), this.peers.startLimitOn(kind, transport));
				}
			}
			for (ServerProcess server : servers.values()) {
				Progress.say("warming up " + server.name());
				load(server, C4, W, this.options.serverWarmup, Duration.ofMillis(200));
			}
			for (int run = 1; run <= this.options.runs; run++) {
				for (String transport : this.options.ioTransports) {
					for (int c : List.of(C1, C4)) {
						for (String kind : this.options.io) {
							for (String server : List.of(Report.SAMPLE, Report.LIMIT)) {
								measureServer(run, kind, transport, c, server,
										servers.get(key(kind, transport, server)));
							}
						}
					}
				}
			}
			for (String kind : this.options.io) {
				measureClient(kind, servers.get(key(kind, "unix", Report.SAMPLE)));
			}
		}
		finally {
			servers.values().forEach(ServerProcess::close);
		}
	}

	private void measureServer(int run, String kind, String transport, int c, String server, ServerProcess process) {
		String what = String.format(Locale.ROOT, "run %d/%d %-5s C=%d W=%-3d %-8s %-18s", run, this.options.runs,
				transport, c, W, kind, process.name());
		LoadResult result = this.quiet.measure(what,
				() -> load(process, c, W, this.options.warmup, this.options.window));
		String name = server.equals(Report.SAMPLE) ? "sample-server" : "limit";
		this.report.io.add(kind, IoRuns.serverRow(transport, c, W, name), server.equals(Report.SAMPLE),
				result.callsPerSecond());
		Progress.say(String.format(Locale.ROOT, "%s %,12.0f calls/s  p50 %7.1f µs  p99 %8.1f µs%s", what,
				result.callsPerSecond(), result.p50Micros(), result.p99Micros(), this.quiet.others()));
	}

	/**
	 * Our client on one transport against the sample-server of the same transport: a
	 * blocking caller and asynchronous calls in flight, each run on a fresh connection.
	 */
	private void measureClient(String kind, ServerProcess server) {
		IoTransport transport = IoTransport.parse(kind);
		ClientComparison modes = new ClientComparison(this.options, this.report, this.quiet, this.peers);
		Progress.say("our client on " + kind + " against " + server.name() + ": warming up");
		try (IpcClientLoad client = new IpcClientLoad(server.address(), transport)) {
			client.sync(1, this.options.clientWarmup, Duration.ofMillis(100));
			client.async(this.options.clientInFlight, this.options.clientWarmup, Duration.ofMillis(100));
		}
		String async = Report.asyncMode(this.options.clientInFlight);
		for (int run = 1; run <= this.options.runs; run++) {
			for (String mode : List.of(Report.SYNC_1, async)) {
				String what = String.format(Locale.ROOT, "run %d/%d unix  our client %-8s %-22s", run,
						this.options.runs, kind, mode);
				double calls = this.quiet.measure(what, () -> {
					try (IpcClientLoad client = new IpcClientLoad(server.address(), transport)) {
						return modes.clientRun(mode, client::sync, client::async);
					}
				});
				this.report.io.add(kind, IoRuns.clientRow("unix", mode), false, calls);
				Progress.say(String.format(Locale.ROOT, "%s %,12.0f calls/s%s", what, calls, this.quiet.others()));
				server.checkAlive();
			}
		}
	}

	private LoadResult load(ServerProcess server, int c, int w, Duration warmup, Duration window) {
		try {
			return LoadGenerator.run(this.group, new LoadGenerator.Config(server.address(), c, w, warmup, window));
		}
		catch (WrongAnswerException ex) {
			throw new WrongAnswerException(server.name() + " (C=" + c + ", W=" + w + "): " + ex.getMessage());
		}
		finally {
			server.checkAlive();
		}
	}

	private static String key(String kind, String transport, String server) {
		return kind + "/" + transport + "/" + server;
	}

}
