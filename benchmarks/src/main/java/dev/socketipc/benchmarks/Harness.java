package dev.socketipc.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.socketipc.transport.Transports;
import io.netty.channel.EventLoopGroup;

/**
 * The benchmark harness: runs each part the options ask for in turn (the load-generator
 * matrix, the client-side and peer comparisons, the observations and events cells, the
 * lb:// cell, the Node.js fork peer, the startup cell, the idle-connection memory figures
 * and the JMH allocation benchmark) and prints the Markdown report.
 *
 * <pre>
 * benchmarks/run            # the full matrix (minutes)
 * benchmarks/run --smoke    # every part with tiny counts (seconds)
 * </pre>
 */
public final class Harness {

	private static final Pattern FORK_RESULT = Pattern
		.compile("\"callsPerSecond\":([0-9.eE+-]+),\"p50Micros\":([0-9.eE+-]+),\"p99Micros\":([0-9.eE+-]+)");

	private final HarnessOptions options;

	private final Report report = new Report();

	private final PeerProcesses peers;

	private final EventLoopGroup group;

	private QuietMeasurement quiet;

	private Harness(HarnessOptions options) throws IOException {
		this.options = options;
		this.peers = new PeerProcesses(options);
		this.group = Transports.newEventLoopGroup(1, "load-generator");
	}

	public static void main(String[] args) throws Exception {
		HarnessOptions options;
		if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
			System.out.println(HarnessOptions.usage());
			return;
		}
		try {
			options = HarnessOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		try {
			String command = System.getProperty("bench.command", "Harness " + String.join(" ", args));
			Report report = run(options, command);
			String markdown = report.markdown(options);
			System.out.println(markdown);
			if (options.out != null) {
				Files.createDirectories(options.out.toAbsolutePath().getParent());
				Files.writeString(options.out, markdown, StandardCharsets.UTF_8);
				System.err.println("report written to " + options.out);
			}
			System.exit(0);
		}
		catch (WrongAnswerException ex) {
			System.err.println("BENCHMARK FAILED: " + ex.getMessage());
			System.exit(1);
		}
	}

	/**
	 * Runs everything the options ask for.
	 * @param options what to measure
	 * @param command the command line, for the report
	 * @return the measurements
	 * @throws WrongAnswerException when a server or client answers wrongly
	 */
	static Report run(HarnessOptions options, String command) throws IOException {
		Harness harness = new Harness(options);
		try {
			harness.report.command = command;
			return harness.runAll();
		}
		finally {
			harness.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
			harness.peers.deleteSocketDir();
		}
	}

	private Report runAll() {
		try (ForeignLoad foreign = ForeignLoad.start()) {
			this.quiet = new QuietMeasurement(this.options, this.report, foreign);
			runAll(foreign);
		}
		return this.report;
	}

	private void runAll(ForeignLoad foreign) {
		long started = System.nanoTime();
		String node = this.peers.detectNode(this.report.notes);
		this.report.machine = Machine.describe(node);
		this.report.settings = String.format(Locale.ROOT,
				"runs per figure %d, warm-up %d ms + window %d ms per run, %d ms warm-up per fresh server, "
						+ "%d ms per mode per fresh client; C ∈ %s, W ∈ %s; client threads %d, client in flight %d",
				this.options.runs, this.options.warmup.toMillis(), this.options.window.toMillis(),
				this.options.serverWarmup.toMillis(), this.options.clientWarmup.toMillis(), this.options.connections,
				this.options.inFlight, this.options.clientThreads, this.options.clientInFlight);
		ClientComparison clients = new ClientComparison(this.options, this.report, this.quiet, this.peers);
		for (String transport : this.options.transports) {
			runServers(transport, clients);
			if (this.options.clients && this.options.grpc) {
				clients.runGrpc(transport);
			}
		}
		if (this.options.observations) {
			runObservations();
		}
		if (this.options.events) {
			new EventCell(this.options, this.report, this.quiet, this.peers, this.group).run();
		}
		if (this.options.lb) {
			new LbCell(this.options, this.report, this.quiet, this.peers, this.group).run();
		}
		if (!this.options.io.isEmpty()) {
			new IoCell(this.options, this.report, this.quiet, this.peers, this.group).run();
		}
		runPayload();
		if (this.options.fork) {
			runFork();
		}
		if (this.options.startup) {
			new StartupCell(this.options, this.report, this.quiet, this.peers).run();
		}
		if (this.options.idleConnections > 0 && this.options.servers.contains(Report.SAMPLE)) {
			runIdleConnections();
		}
		if (this.options.jmh) {
			Path log = this.peers.logDir().resolve("jmh.log");
			Progress.say("JMH: ServerPathBenchmark with -prof gc (forked JVM; log in " + log + ")");
			try {
				this.report.jmh = JmhFigures.run(log);
			}
			catch (IllegalStateException ex) {
				// the socket figures are already measured: report them, and say why JMH
				// is missing
				this.report.notes.add("the JMH allocation benchmark failed: " + Commands.firstLine(ex.getMessage()));
				Progress.say("JMH failed: " + ex.getMessage());
			}
		}
		if (foreign != null) {
			this.report.foreignLoad = String.format(Locale.ROOT,
					"%.2f cores busy on average, %.2f at the peak (sampled from /proc twice a second); the harness "
							+ "waited %.0f s in all for them to leave the CPU before measuring",
					foreign.averageCores(), foreign.peakCores(), this.quiet.quietWaited() / 1e9);
		}
		Progress.say(String.format(Locale.ROOT, "done in %.0f s; other processes: %s",
				(System.nanoTime() - started) / 1e9, this.report.foreignLoad));
	}

	/**
	 * The load-generator matrix for one transport, then our client against the limit and
	 * sample servers.
	 */
	private void runServers(String transport, ClientComparison clients) {
		Map<String, ServerProcess> servers = new LinkedHashMap<>();
		try {
			for (String server : this.options.servers) {
				ServerProcess process = this.peers.startServer(server, transport);
				if (process != null) {
					servers.put(server, process);
				}
			}
			int cMax = this.options.connections.stream().mapToInt(Integer::intValue).max().orElse(1);
			int wMax = this.options.inFlight.stream().mapToInt(Integer::intValue).max().orElse(1);
			for (ServerProcess server : servers.values()) {
				Progress.say("warming up " + server.name());
				load(server, cMax, wMax, this.options.serverWarmup, Duration.ofMillis(200));
			}
			for (int run = 1; run <= this.options.runs; run++) {
				for (int c : this.options.connections) {
					for (int w : this.options.inFlight) {
						for (Map.Entry<String, ServerProcess> server : servers.entrySet()) {
							ServerProcess process = server.getValue();
							String what = String.format(Locale.ROOT, "run %d/%d %-5s C=%d W=%-3d %-18s", run,
									this.options.runs, transport, c, w, process.name());
							LoadResult result = this.quiet.measure(what,
									() -> load(process, c, w, this.options.warmup, this.options.window));
							this.report.addServerRun(transport, c, w, server.getKey(), result);
							Progress.say(String.format(Locale.ROOT, "%s %,12.0f calls/s  p50 %7.1f µs  p99 %8.1f µs%s",
									what, result.callsPerSecond(), result.p50Micros(), result.p99Micros(),
									this.quiet.others()));
						}
					}
				}
			}
			if (this.options.clients) {
				clients.runOurClient(transport, servers.get(Report.LIMIT), Report.OURS_TO_LIMIT);
				clients.runOurClient(transport, servers.get(Report.SAMPLE), Report.OURS_TO_SAMPLE);
			}
		}
		finally {
			servers.values().forEach(ServerProcess::close);
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

	/**
	 * The observations cell: the same server with observations off, through a handler
	 * that does nothing, and on (as Spring Boot sets it up, and through Micrometer's
	 * default handler alone), all running, measured in turn in each run at unix C=1,
	 * W=64.
	 */
	private void runObservations() {
		int w = HarnessOptions.OBSERVATIONS_IN_FLIGHT;
		Map<String, ServerProcess> servers = new LinkedHashMap<>();
		try {
			for (String server : Report.OBSERVATIONS) {
				servers.put(server, this.peers.startObserved(server));
			}
			for (ServerProcess server : servers.values()) {
				Progress.say("warming up " + server.name());
				load(server, 1, w, this.options.serverWarmup, Duration.ofMillis(200));
			}
			for (int run = 1; run <= this.options.runs; run++) {
				for (Map.Entry<String, ServerProcess> server : servers.entrySet()) {
					String what = String.format(Locale.ROOT, "run %d/%d unix  C=1 W=%-3d %-18s", run, this.options.runs,
							w, server.getKey());
					LoadResult result = this.quiet.measure(what,
							() -> load(server.getValue(), 1, w, this.options.warmup, this.options.window));
					this.report.addServerRun("unix", 1, w, server.getKey(), result);
					Progress.say(String.format(Locale.ROOT, "%s %,12.0f calls/s  p50 %7.1f µs  p99 %8.1f µs%s", what,
							result.callsPerSecond(), result.p50Micros(), result.p99Micros(), this.quiet.others()));
				}
			}
		}
		finally {
			servers.values().forEach(ServerProcess::close);
		}
	}

	/** The payload cell, when asked for ({@code --payload}, {@code --payload-only}). */
	private void runPayload() {
		if (this.options.payload) {
			new PayloadCell(this.options, this.report, this.quiet, this.peers, this.group).run();
		}
	}

	private void runFork() {
		String node = this.peers.node();
		if (node == null) {
			return;
		}
		Path script = this.peers.interopScript("bench-fork.js");
		for (int run = 1; run <= this.options.runs; run++) {
			for (int w : this.options.forkInFlight) {
				Duration warmup = (run == 1) ? this.options.serverWarmup.plus(this.options.warmup)
						: this.options.warmup;
				List<String> command = List.of(node, script.toString(), "--inflight", Integer.toString(w),
						"--warmup-ms", Long.toString(Math.max(1, warmup.toMillis())), "--duration-ms",
						Long.toString(Math.max(1, this.options.window.toMillis())));
				String what = String.format(Locale.ROOT, "run %d/%d node fork W=%-3d", run, this.options.runs, w);
				String output = this.quiet.measure(what,
						() -> Commands.runToEnd(command, warmup.plus(this.options.window).plusSeconds(60)));
				Matcher matcher = FORK_RESULT.matcher(output);
				if (!matcher.find()) {
					throw new WrongAnswerException("bench-fork.js printed no result: " + output);
				}
				Report.ForkResult result = new Report.ForkResult(Double.parseDouble(matcher.group(1)),
						Double.parseDouble(matcher.group(2)), Double.parseDouble(matcher.group(3)));
				this.report.addForkRun(w, result);
				Progress.say(String.format(Locale.ROOT, "%s %,12.0f calls/s  p50 %7.1f µs%s", what,
						result.callsPerSecond(), result.p50Micros(), this.quiet.others()));
			}
		}
	}

	private void runIdleConnections() {
		Progress.say("memory: " + this.options.idleConnections + " idle connections to sample-server over unix");
		try (ServerProcess server = this.peers.startServer(Report.SAMPLE, "unix")) {
			this.report.memory = IdleConnections.measure(server, this.options.idleConnections, this.group);
			IdleConnections.Result m = this.report.memory;
			Progress.say(String.format(Locale.ROOT,
					"memory: %d connections, %d registered, heap used %d KB -> %d KB, threads %d -> %d",
					m.connections(), m.registered(), m.heapUsedBeforeKb(), m.heapUsedAfterKb(), m.threadsBefore(),
					m.threadsAfter()));
		}
	}

	static {
		// Our client's INFO lines would interleave with the progress lines.
		System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
				System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
		// gRPC's client asks every channel for SO_KEEPALIVE, which a Unix domain socket
		// has not: one warning a channel.
		System.setProperty("org.slf4j.simpleLogger.log.io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap", "error");
	}

}
