package dev.socketipc.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.socketipc.transport.IpcAddress;
import io.netty.channel.EventLoopGroup;

/**
 * The lb cell: {@value #SERVERS} sample-server processes on TCP loopback (free ports),
 * listed as the instances of {@code lb://calc}; in each run and each client mode, our
 * proxies through {@code lb://calc} and the same proxies on one direct {@code tcp://}
 * connection to the first server ({@link LbClients}), measured in turn. The servers share
 * the machine's cores, so the ratio shows what balancing costs, not how it scales.
 */
final class LbCell {

	/** The instances of {@code lb://calc}. */
	static final int SERVERS = 3;

	private final HarnessOptions options;

	private final Report report;

	private final QuietMeasurement quiet;

	private final PeerProcesses peers;

	private final EventLoopGroup group;

	LbCell(HarnessOptions options, Report report, QuietMeasurement quiet, PeerProcesses peers, EventLoopGroup group) {
		this.options = options;
		this.report = report;
		this.quiet = quiet;
		this.peers = peers;
		this.group = group;
	}

	void run() {
		List<ServerProcess> servers = startServers();
		try {
			List<IpcAddress> addresses = servers.stream().map(ServerProcess::address).toList();
			for (ServerProcess server : servers) {
				Progress.say("warming up " + server.name() + " (" + server.address() + ")");
				warmUp(server);
			}
			Progress.say("lb cell: Spring Boot context with lb://" + LbClients.SERVICE + " over " + addresses
					+ " and direct " + addresses.get(0));
			try (LbClients clients = LbClients.start(addresses, addresses.get(0))) {
				measure(clients, servers);
				long[] answered = clients.answered(addresses);
				for (int i = 0; i < servers.size(); i++) {
					this.report.addLbAnswered(servers.get(i).name() + " (" + addresses.get(i) + ")", answered[i]);
				}
				Progress.say("lb cell: calls answered per server through lb://" + LbClients.SERVICE + ": "
						+ this.report.lbAnswered);
			}
		}
		finally {
			servers.forEach(ServerProcess::close);
		}
	}

	private void measure(LbClients clients, List<ServerProcess> servers) {
		ClientComparison modes = new ClientComparison(this.options, this.report, this.quiet, this.peers);
		ClientComparison.Mode lbSync = (n, warmup, window) -> IpcClientLoad.sync("lb://" + LbClients.SERVICE,
				clients.proxy(LbClients.LbAdder.class), n, warmup, window);
		ClientComparison.Mode lbAsync = (n, warmup, window) -> IpcClientLoad.async("lb://" + LbClients.SERVICE,
				clients.proxy(LbClients.LbAsyncAdder.class), n, warmup, window);
		ClientComparison.Mode directSync = (n, warmup, window) -> IpcClientLoad.sync("direct",
				clients.proxy(LbClients.DirectAdder.class), n, warmup, window);
		ClientComparison.Mode directAsync = (n, warmup, window) -> IpcClientLoad.async("direct",
				clients.proxy(LbClients.DirectAsyncAdder.class), n, warmup, window);
		Progress.say("lb cell: warming up the clients");
		modes.warmUp(lbSync, lbAsync);
		modes.warmUp(directSync, directAsync);
		clients.resetCounts();
		for (int run = 1; run <= this.options.runs; run++) {
			for (String mode : modes.clientModes()) {
				for (String peer : List.of(Report.LB, Report.LB_DIRECT)) {
					boolean lb = peer.equals(Report.LB);
					String what = String.format(Locale.ROOT, "run %d/%d tcp   %-28s %-22s", run, this.options.runs,
							peer, mode);
					double calls = this.quiet.measure(what,
							() -> modes.clientRun(mode, lb ? lbSync : directSync, lb ? lbAsync : directAsync));
					this.report.addLbRun(mode, peer, calls);
					Progress.say(String.format(Locale.ROOT, "%s %,12.0f calls/s%s", what, calls, this.quiet.others()));
					servers.forEach(ServerProcess::checkAlive);
				}
			}
		}
	}

	/** Starts the servers at once: each is a Spring Boot application taking seconds. */
	private List<ServerProcess> startServers() {
		ExecutorService starters = Executors.newFixedThreadPool(SERVERS);
		List<CompletableFuture<ServerProcess>> starting = new ArrayList<>();
		try {
			for (int i = 1; i <= SERVERS; i++) {
				String name = "sample-server-lb-" + i;
				starting.add(CompletableFuture.supplyAsync(() -> this.peers.startSample(name, "tcp://127.0.0.1:0"),
						starters));
			}
			CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null).join();
			List<ServerProcess> started = new ArrayList<>();
			RuntimeException failure = null;
			for (CompletableFuture<ServerProcess> server : starting) {
				try {
					started.add(server.join());
				}
				catch (CompletionException ex) {
					failure = (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
				}
			}
			if (failure != null) {
				started.forEach(ServerProcess::close);
				throw failure;
			}
			return started;
		}
		finally {
			starters.shutdown();
		}
	}

	private void warmUp(ServerProcess server) {
		int w = this.options.clientInFlight;
		try {
			LoadGenerator.run(this.group, new LoadGenerator.Config(server.address(), 1, w, this.options.serverWarmup,
					Duration.ofMillis(200)));
		}
		catch (WrongAnswerException ex) {
			throw new WrongAnswerException(server.name() + " (C=1, W=" + w + "): " + ex.getMessage());
		}
		finally {
			server.checkAlive();
		}
	}

}
