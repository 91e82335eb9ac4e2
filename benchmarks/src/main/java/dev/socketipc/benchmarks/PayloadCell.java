package dev.socketipc.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.netty.channel.EventLoopGroup;

/**
 * The payload cell, over a Unix socket: {@code Item save(Item)} (a record of ten fields,
 * ~400 B) and {@code Document get(id)} (~100 KB of JSON) of sample-server's catalog. Each
 * server first gets the {@link PayloadData} documents ({@code put}, one call each). In
 * each run, for each method: sample-server and the Node.js server under the load
 * generator at C=1, W={@value HarnessOptions#PAYLOAD_IN_FLIGHT}, every answer compared
 * byte for byte with the line expected; then our client against sample-server and
 * gRPC-java against its server, with one blocking thread and with
 * {@code --client-inflight} asynchronous calls, every answer compared with
 * {@code equals}.
 */
final class PayloadCell {

	private static final String TRANSPORT = "unix";

	private final HarnessOptions options;

	private final Report report;

	private final QuietMeasurement quiet;

	private final PeerProcesses peers;

	private final EventLoopGroup group;

	private final Map<String, PayloadWire> wires = new LinkedHashMap<>();

	PayloadCell(HarnessOptions options, Report report, QuietMeasurement quiet, PeerProcesses peers,
			EventLoopGroup group) {
		this.options = options;
		this.report = report;
		this.quiet = quiet;
		this.peers = peers;
		this.group = group;
		this.wires.put("save", PayloadWire.save());
		this.wires.put("get", PayloadWire.get());
		this.wires.forEach((method, wire) -> report.payload.bytes.put(method,
				new double[] { wire.requestBytes(), wire.answerBytes() }));
	}

	void run() {
		Map<String, ServerProcess> servers = new LinkedHashMap<>();
		try {
			ServerProcess sample = this.peers.startServer(Report.SAMPLE, TRANSPORT);
			servers.put(PayloadResults.SAMPLE, sample);
			ServerProcess node = this.peers.startServer(Report.NODE, TRANSPORT);
			if (node != null) {
				servers.put(PayloadResults.NODE, node);
			}
			runServers(servers);
			measureClient(PayloadResults.OURS, sample, () -> new IpcPayloadClient(sample.address()));
		}
		finally {
			servers.values().forEach(ServerProcess::close);
		}
		if (this.options.grpc) {
			runGrpc();
		}
	}

	private void runServers(Map<String, ServerProcess> servers) {
		for (ServerProcess server : servers.values()) {
			try (PayloadClient client = new IpcPayloadClient(server.address())) {
				client.putDocuments("put into " + server.name());
			}
			catch (WrongAnswerException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new WrongAnswerException("put into " + server.name() + " failed: " + ex);
			}
			Progress.say("payload: warming up " + server.name());
			for (PayloadWire wire : this.wires.values()) {
				load(server, wire, this.options.serverWarmup, Duration.ofMillis(200));
			}
		}
		for (int run = 1; run <= this.options.runs; run++) {
			for (PayloadWire wire : this.wires.values()) {
				for (Map.Entry<String, ServerProcess> server : servers.entrySet()) {
					String what = String.format(Locale.ROOT, "run %d/%d unix  payload %-4s C=1 W=%-3d %-18s", run,
							this.options.runs, wire.method(), HarnessOptions.PAYLOAD_IN_FLIGHT,
							server.getValue().name());
					LoadResult result = this.quiet.measure(what,
							() -> load(server.getValue(), wire, this.options.warmup, this.options.window));
					this.report.payload.add(wire.method(), server.getKey(), PayloadResults.LOAD,
							result.callsPerSecond());
					say(what, wire.method(), result.callsPerSecond(),
							String.format(Locale.ROOT, "  p50 %7.1f µs", result.p50Micros()));
				}
			}
		}
	}

	private LoadResult load(ServerProcess server, PayloadWire wire, Duration warmup, Duration window) {
		int w = HarnessOptions.PAYLOAD_IN_FLIGHT;
		try {
			return LoadGenerator.run(this.group,
					new LoadGenerator.Config(server.address(), 1, w, warmup, window, wire));
		}
		catch (WrongAnswerException ex) {
			throw new WrongAnswerException(
					server.name() + " (" + wire.method() + ", C=1, W=" + w + "): " + ex.getMessage());
		}
		finally {
			server.checkAlive();
		}
	}

	private void runGrpc() {
		ServerProcess grpc;
		try {
			grpc = this.peers.startGrpc(TRANSPORT);
		}
		catch (IllegalStateException ex) {
			this.report.notes.add("payload cell: gRPC over a Unix socket could not be started ("
					+ Commands.firstLine(ex.getMessage()) + ")");
			return;
		}
		try {
			measureClient(PayloadResults.GRPC, grpc, () -> new GrpcPayloadClient(grpc.address()));
		}
		finally {
			grpc.close();
		}
	}

	/** Makes a fresh client of a peer. */
	@FunctionalInterface
	private interface ClientMaker {

		PayloadClient make();

	}

	private void measureClient(String peer, ServerProcess server, ClientMaker clients) {
		try (PayloadClient client = clients.make()) {
			client.putDocuments(peer);
			Progress.say("payload: warming up " + peer);
			for (String method : PayloadResults.METHODS) {
				client.sync(peer, method, 1, this.options.clientWarmup, Duration.ofMillis(100));
				client.async(peer, method, this.options.clientInFlight, this.options.clientWarmup,
						Duration.ofMillis(100));
			}
		}
		catch (WrongAnswerException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new WrongAnswerException(peer + ": put failed: " + ex);
		}
		for (int run = 1; run <= this.options.runs; run++) {
			for (String method : PayloadResults.METHODS) {
				for (String mode : PayloadResults.clientModes(this.options)) {
					String what = String.format(Locale.ROOT, "run %d/%d unix  payload %-4s %-28s %-22s", run,
							this.options.runs, method, peer, mode);
					double calls = this.quiet.measure(what, () -> {
						try (PayloadClient client = clients.make()) {
							return mode.equals(Report.SYNC_1)
									? client.sync(peer, method, 1, this.options.warmup, this.options.window)
									: client.async(peer, method, this.options.clientInFlight, this.options.warmup,
											this.options.window);
						}
					});
					this.report.payload.add(method, peer, mode, calls);
					say(what, method, calls, "");
					server.checkAlive();
				}
			}
		}
	}

	private void say(String what, String method, double calls, String more) {
		double mb = calls * this.report.payload.bytesPerCall(method) / 1e6;
		Progress.say(String.format(Locale.ROOT, "%s %,10.0f calls/s %8.1f MB/s%s%s", what, calls, mb, more,
				this.quiet.others()));
	}

}
