package dev.socketipc.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Measures whole clients end to end in each client mode: our client against the limit and
 * sample servers, and gRPC-java against its own server.
 */
final class ClientComparison {

	private final HarnessOptions options;

	private final Report report;

	private final QuietMeasurement quiet;

	private final PeerProcesses peers;

	ClientComparison(HarnessOptions options, Report report, QuietMeasurement quiet, PeerProcesses peers) {
		this.options = options;
		this.report = report;
		this.quiet = quiet;
		this.peers = peers;
	}

	/** Our client against a server already running; nothing when it is not. */
	void runOurClient(String transport, ServerProcess server, String peer) {
		if (server == null) {
			return;
		}
		Progress.say("our client against " + server.name() + ": warming up");
		try (IpcClientLoad client = new IpcClientLoad(server.address(), null, this.options.clientSpinWait)) {
			warmUp(client::sync, client::async);
		}
		for (int run = 1; run <= this.options.runs; run++) {
			for (String mode : clientModes()) {
				String what = String.format(Locale.ROOT, "run %d/%d %-5s %-28s %-22s", run, this.options.runs,
						transport, peer, mode);
				double calls = this.quiet.measure(what, () -> {
					try (IpcClientLoad client = new IpcClientLoad(server.address(), null,
							this.options.clientSpinWait)) {
						return clientRun(mode, client::sync, client::async);
					}
				});
				this.report.addClientRun(transport, mode, peer, calls);
				Progress.say(String.format(Locale.ROOT, "%s %,12.0f calls/s%s", what, calls, this.quiet.others()));
				server.checkAlive();
			}
		}
	}

	/** gRPC-java against its own server process, started and stopped here. */
	void runGrpc(String transport) {
		ServerProcess server;
		try {
			server = this.peers.startGrpc(transport);
		}
		catch (IllegalStateException ex) {
			if (transport.equals("unix")) {
				this.report.notes.add("gRPC over a Unix socket could not be started with NIO domain sockets ("
						+ Commands.firstLine(ex.getMessage()) + "); gRPC is measured over TCP only");
				return;
			}
			throw ex;
		}
		try {
			Progress.say("gRPC (" + transport + "): warming up");
			try (GrpcClientLoad client = new GrpcClientLoad(server.address())) {
				warmUp(client::sync, client::async);
			}
			for (int run = 1; run <= this.options.runs; run++) {
				for (String mode : clientModes()) {
					String what = String.format(Locale.ROOT, "run %d/%d %-5s %-28s %-22s", run, this.options.runs,
							transport, Report.GRPC, mode);
					double calls = this.quiet.measure(what, () -> {
						try (GrpcClientLoad client = new GrpcClientLoad(server.address())) {
							return clientRun(mode, client::sync, client::async);
						}
					});
					this.report.addClientRun(transport, mode, Report.GRPC, calls);
					Progress.say(String.format(Locale.ROOT, "%s %,12.0f calls/s%s", what, calls, this.quiet.others()));
					server.checkAlive();
				}
			}
		}
		finally {
			server.close();
		}
	}

	/** The client modes, in the order each run measures them. */
	List<String> clientModes() {
		return List.of(Report.SYNC_1, Report.syncMode(this.options.clientThreads),
				Report.asyncMode(this.options.clientInFlight));
	}

	/** One way of driving a client: n threads or n calls in flight. */
	@FunctionalInterface
	interface Mode {

		double run(int n, Duration warmup, Duration window);

	}

	/**
	 * Each client mode's code paths are compiled separately (gRPC's blocking stub takes
	 * seconds): warm them all.
	 */
	void warmUp(Mode sync, Mode async) {
		Duration warmup = this.options.clientWarmup;
		Duration window = Duration.ofMillis(100);
		sync.run(1, warmup, window);
		sync.run(this.options.clientThreads, warmup, window);
		async.run(this.options.clientInFlight, warmup, window);
	}

	/** One run of a mode, with the run's warm-up and window. */
	double clientRun(String mode, Mode sync, Mode async) {
		if (mode.equals(Report.SYNC_1)) {
			return sync.run(1, this.options.warmup, this.options.window);
		}
		if (mode.equals(Report.syncMode(this.options.clientThreads))) {
			return sync.run(this.options.clientThreads, this.options.warmup, this.options.window);
		}
		return async.run(this.options.clientInFlight, this.options.warmup, this.options.window);
	}

}
