package dev.socketipc.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.socketipc.transport.Transports;
import io.netty.channel.EventLoopGroup;

/**
 * The benchmark harness: starts each server as its own process, measures it with the
 * {@link LoadGenerator}, runs the client-side and peer comparisons, the idle-connection
 * memory figures and the JMH allocation benchmark, and prints the Markdown report.
 *
 * <pre>
 * benchmarks/run            # the full matrix (minutes)
 * benchmarks/run --smoke    # every part with tiny counts (seconds)
 * </pre>
 */
public final class Harness {

	private static final Pattern SAMPLE_READY = Pattern.compile("IPC server listening on (\\S+) with");

	private static final Pattern LISTENING = Pattern.compile("^listening (\\S+)$");

	private static final Pattern FORK_RESULT = Pattern
		.compile("\"callsPerSecond\":([0-9.eE+-]+),\"p50Micros\":([0-9.eE+-]+),\"p99Micros\":([0-9.eE+-]+)");

	private final HarnessOptions options;

	private final Report report = new Report();

	private final Path socketDir;

	private final Path logDir;

	private final EventLoopGroup group;

	private String node;

	private ForeignLoad foreign;

	/** What other processes took during the last measurement, in cores. */
	private double lastForeignCores;

	/** Nanoseconds spent waiting for a quiet machine so far. */
	private long quietWaited;

	private Harness(HarnessOptions options) throws IOException {
		this.options = options;
		this.socketDir = Files.createTempDirectory(Path.of("/tmp"), "ipcbench");
		this.logDir = (options.logDir != null) ? options.logDir : Path.of("target", "bench-logs").toAbsolutePath();
		Files.createDirectories(this.logDir);
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
			harness.deleteSocketDir();
		}
	}

	private Report runAll() {
		try (ForeignLoad foreign = ForeignLoad.start()) {
			this.foreign = foreign;
			runAll(foreign);
		}
		return this.report;
	}

	private void runAll(ForeignLoad foreign) {
		long started = System.nanoTime();
		this.node = detectNode();
		this.report.machine = Machine.describe(this.node);
		this.report.settings = String.format(Locale.ROOT,
				"runs per figure %d, warm-up %d ms + window %d ms per run, %d ms warm-up per fresh server, "
						+ "%d ms per mode per fresh client; C ∈ %s, W ∈ %s; client threads %d, client in flight %d",
				this.options.runs, this.options.warmup.toMillis(), this.options.window.toMillis(),
				this.options.serverWarmup.toMillis(), this.options.clientWarmup.toMillis(), this.options.connections,
				this.options.inFlight, this.options.clientThreads, this.options.clientInFlight);
		for (String transport : this.options.transports) {
			runServers(transport);
			if (this.options.clients && this.options.grpc) {
				runGrpc(transport);
			}
		}
		if (this.options.observations) {
			runObservations();
		}
		if (this.options.fork) {
			runFork();
		}
		if (this.options.idleConnections > 0 && this.options.servers.contains(Report.SAMPLE)) {
			runIdleConnections();
		}
		if (this.options.jmh) {
			progress("JMH: ServerPathBenchmark with -prof gc (forked JVM; log in " + this.logDir.resolve("jmh.log")
					+ ")");
			try {
				this.report.jmh = JmhFigures.run(this.logDir.resolve("jmh.log"));
			}
			catch (IllegalStateException ex) {
				// the socket figures are already measured: report them, and say why JMH
				// is missing
				this.report.notes.add("the JMH allocation benchmark failed: " + firstLine(ex.getMessage()));
				progress("JMH failed: " + ex.getMessage());
			}
		}
		if (foreign != null) {
			this.report.foreignLoad = String.format(Locale.ROOT,
					"%.2f cores busy on average, %.2f at the peak (sampled from /proc twice a second); the harness "
							+ "waited %.0f s in all for them to leave the CPU before measuring",
					foreign.averageCores(), foreign.peakCores(), this.quietWaited / 1e9);
		}
		progress(String.format(Locale.ROOT, "done in %.0f s; other processes: %s", (System.nanoTime() - started) / 1e9,
				this.report.foreignLoad));
	}

	/**
	 * The load-generator matrix for one transport, then our client against the limit and
	 * sample servers.
	 */
	private void runServers(String transport) {
		Map<String, ServerProcess> servers = new LinkedHashMap<>();
		try {
			for (String server : this.options.servers) {
				ServerProcess process = startServer(server, transport);
				if (process != null) {
					servers.put(server, process);
				}
			}
			int cMax = this.options.connections.stream().mapToInt(Integer::intValue).max().orElse(1);
			int wMax = this.options.inFlight.stream().mapToInt(Integer::intValue).max().orElse(1);
			for (ServerProcess server : servers.values()) {
				progress("warming up " + server.name());
				load(server, cMax, wMax, this.options.serverWarmup, Duration.ofMillis(200));
			}
			for (int run = 1; run <= this.options.runs; run++) {
				for (int c : this.options.connections) {
					for (int w : this.options.inFlight) {
						for (Map.Entry<String, ServerProcess> server : servers.entrySet()) {
							ServerProcess process = server.getValue();
							String what = String.format(Locale.ROOT, "run %d/%d %-5s C=%d W=%-3d %-18s", run,
									this.options.runs, transport, c, w, process.name());
							LoadResult result = quietly(what,
									() -> load(process, c, w, this.options.warmup, this.options.window));
							this.report.addServerRun(transport, c, w, server.getKey(), result);
							progress(String.format(Locale.ROOT, "%s %,12.0f calls/s  p50 %7.1f µs  p99 %8.1f µs%s",
									what, result.callsPerSecond(), result.p50Micros(), result.p99Micros(), others()));
						}
					}
				}
			}
			if (this.options.clients) {
				runOurClient(transport, servers.get(Report.LIMIT), Report.OURS_TO_LIMIT);
				runOurClient(transport, servers.get(Report.SAMPLE), Report.OURS_TO_SAMPLE);
			}
		}
		finally {
			servers.values().forEach(ServerProcess::close);
		}
	}

	/**
	 * Runs a measurement, and runs it again (up to {@code --retries} times,
	 * {@code --retry-budget} in all) when other processes took more than
	 * {@code --max-foreign-cores} of the machine meanwhile; a measurement still disturbed
	 * after that is kept and listed in the report.
	 */
	private <T> T quietly(String what, java.util.function.Supplier<T> measurement) {
		for (int attempt = 0;; attempt++) {
			awaitQuiet();
			double before = (this.foreign != null) ? this.foreign.cpuSeconds() : 0;
			long start = System.nanoTime();
			T result = measurement.get();
			double seconds = (System.nanoTime() - start) / 1e9;
			this.lastForeignCores = (this.foreign != null) ? (this.foreign.cpuSeconds() - before) / seconds : 0;
			if (this.lastForeignCores <= this.options.maxForeignCores) {
				return result;
			}
			if (attempt >= this.options.retries || this.report.repeated >= this.options.retryBudget) {
				this.report.disturbed.add(String.format(Locale.ROOT, "%s (%.2f cores)",
						what.trim().replaceAll(" +", " "), this.lastForeignCores));
				return result;
			}
			this.report.repeated++;
			progress(String.format(Locale.ROOT, "%s disturbed: other processes took %.2f cores; measuring again", what,
					this.lastForeignCores));
		}
	}

	/**
	 * Before a measurement, waits (within {@code --quiet-wait-budget-s} for the whole
	 * run) for a quiet machine.
	 */
	private void awaitQuiet() {
		long left = this.options.quietWaitBudget.toNanos() - this.quietWaited;
		if (this.foreign == null || left <= 0) {
			return;
		}
		try {
			long waited = this.foreign.awaitQuiet(this.options.maxForeignCores, left);
			this.quietWaited += waited;
			if (waited > TimeUnit.SECONDS.toNanos(2)) {
				progress(
						String.format(Locale.ROOT, "waited %.0f s for other processes to leave the CPU", waited / 1e9));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for a quiet machine", ex);
		}
	}

	private String others() {
		return (this.foreign != null) ? String.format(Locale.ROOT, "  (others %.2f cores)", this.lastForeignCores) : "";
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
	 * The observations cell: the same server with observations off and on, both running,
	 * measured in turn in each run at unix C=1, W=64.
	 */
	private void runObservations() {
		int w = HarnessOptions.OBSERVATIONS_IN_FLIGHT;
		Map<String, ServerProcess> servers = new LinkedHashMap<>();
		try {
			for (String server : List.of(Report.OBSERVATIONS_OFF, Report.OBSERVATIONS_ON)) {
				String mode = server.equals(Report.OBSERVATIONS_ON) ? "on" : "off";
				List<String> command = List.of(java(), "-cp", System.getProperty("java.class.path"),
						ObservedServer.class.getName(), mode, address(server, "unix"));
				servers.put(server, ServerProcess.start(server, command, LISTENING, this.logDir));
			}
			for (ServerProcess server : servers.values()) {
				progress("warming up " + server.name());
				load(server, 1, w, this.options.serverWarmup, Duration.ofMillis(200));
			}
			for (int run = 1; run <= this.options.runs; run++) {
				for (Map.Entry<String, ServerProcess> server : servers.entrySet()) {
					String what = String.format(Locale.ROOT, "run %d/%d unix  C=1 W=%-3d %-18s", run, this.options.runs,
							w, server.getKey());
					LoadResult result = quietly(what,
							() -> load(server.getValue(), 1, w, this.options.warmup, this.options.window));
					this.report.addServerRun("unix", 1, w, server.getKey(), result);
					progress(String.format(Locale.ROOT, "%s %,12.0f calls/s  p50 %7.1f µs  p99 %8.1f µs%s", what,
							result.callsPerSecond(), result.p50Micros(), result.p99Micros(), others()));
				}
			}
		}
		finally {
			servers.values().forEach(ServerProcess::close);
		}
	}

	private void runOurClient(String transport, ServerProcess server, String peer) {
		if (server == null) {
			return;
		}
		progress("our client against " + server.name() + ": warming up");
		try (IpcClientLoad client = new IpcClientLoad(server.address())) {
			warmUp(client::sync, client::async);
		}
		for (int run = 1; run <= this.options.runs; run++) {
			for (String mode : clientModes()) {
				String what = String.format(Locale.ROOT, "run %d/%d %-5s %-28s %-22s", run, this.options.runs,
						transport, peer, mode);
				double calls = quietly(what, () -> {
					try (IpcClientLoad client = new IpcClientLoad(server.address())) {
						return clientRun(mode, client::sync, client::async);
					}
				});
				this.report.addClientRun(transport, mode, peer, calls);
				progress(String.format(Locale.ROOT, "%s %,12.0f calls/s%s", what, calls, others()));
				server.checkAlive();
			}
		}
	}

	private List<String> clientModes() {
		return List.of(Report.SYNC_1, Report.syncMode(this.options.clientThreads),
				Report.asyncMode(this.options.clientInFlight));
	}

	@FunctionalInterface
	private interface Mode {

		double run(int n, Duration warmup, Duration window);

	}

	/**
	 * Each client mode's code paths are compiled separately (gRPC's blocking stub takes
	 * seconds): warm them all.
	 */
	private void warmUp(Mode sync, Mode async) {
		Duration warmup = this.options.clientWarmup;
		Duration window = Duration.ofMillis(100);
		sync.run(1, warmup, window);
		sync.run(this.options.clientThreads, warmup, window);
		async.run(this.options.clientInFlight, warmup, window);
	}

	private double clientRun(String mode, Mode sync, Mode async) {
		if (mode.equals(Report.SYNC_1)) {
			return sync.run(1, this.options.warmup, this.options.window);
		}
		if (mode.equals(Report.syncMode(this.options.clientThreads))) {
			return sync.run(this.options.clientThreads, this.options.warmup, this.options.window);
		}
		return async.run(this.options.clientInFlight, this.options.warmup, this.options.window);
	}

	private void runGrpc(String transport) {
		ServerProcess server;
		try {
			server = ServerProcess.start("grpc-" + transport,
					javaCommand(GrpcAddServer.class, address("grpc", transport)), LISTENING, this.logDir);
		}
		catch (IllegalStateException ex) {
			if (transport.equals("unix")) {
				this.report.notes.add("gRPC over a Unix socket could not be started with NIO domain sockets ("
						+ firstLine(ex.getMessage()) + "); gRPC is measured over TCP only");
				return;
			}
			throw ex;
		}
		try {
			progress("gRPC (" + transport + "): warming up");
			try (GrpcClientLoad client = new GrpcClientLoad(server.address())) {
				warmUp(client::sync, client::async);
			}
			for (int run = 1; run <= this.options.runs; run++) {
				for (String mode : clientModes()) {
					String what = String.format(Locale.ROOT, "run %d/%d %-5s %-28s %-22s", run, this.options.runs,
							transport, Report.GRPC, mode);
					double calls = quietly(what, () -> {
						try (GrpcClientLoad client = new GrpcClientLoad(server.address())) {
							return clientRun(mode, client::sync, client::async);
						}
					});
					this.report.addClientRun(transport, mode, Report.GRPC, calls);
					progress(String.format(Locale.ROOT, "%s %,12.0f calls/s%s", what, calls, others()));
					server.checkAlive();
				}
			}
		}
		finally {
			server.close();
		}
	}

	private void runFork() {
		if (this.node == null) {
			return;
		}
		Path script = interopScript("bench-fork.js");
		for (int run = 1; run <= this.options.runs; run++) {
			for (int w : this.options.forkInFlight) {
				Duration warmup = (run == 1) ? this.options.serverWarmup.plus(this.options.warmup)
						: this.options.warmup;
				List<String> command = List.of(this.node, script.toString(), "--inflight", Integer.toString(w),
						"--warmup-ms", Long.toString(Math.max(1, warmup.toMillis())), "--duration-ms",
						Long.toString(Math.max(1, this.options.window.toMillis())));
				String what = String.format(Locale.ROOT, "run %d/%d node fork W=%-3d", run, this.options.runs, w);
				String output = quietly(what,
						() -> runToEnd(command, warmup.plus(this.options.window).plusSeconds(60)));
				Matcher matcher = FORK_RESULT.matcher(output);
				if (!matcher.find()) {
					throw new WrongAnswerException("bench-fork.js printed no result: " + output);
				}
				Report.ForkResult result = new Report.ForkResult(Double.parseDouble(matcher.group(1)),
						Double.parseDouble(matcher.group(2)), Double.parseDouble(matcher.group(3)));
				this.report.addForkRun(w, result);
				progress(String.format(Locale.ROOT, "%s %,12.0f calls/s  p50 %7.1f µs%s", what, result.callsPerSecond(),
						result.p50Micros(), others()));
			}
		}
	}

	private void runIdleConnections() {
		progress("memory: " + this.options.idleConnections + " idle connections to sample-server over unix");
		try (ServerProcess server = startServer(Report.SAMPLE, "unix")) {
			this.report.memory = IdleConnections.measure(server, this.options.idleConnections, this.group);
			IdleConnections.Result m = this.report.memory;
			progress(String.format(Locale.ROOT,
					"memory: %d connections, %d registered, heap used %d KB -> %d KB, threads %d -> %d",
					m.connections(), m.registered(), m.heapUsedBeforeKb(), m.heapUsedAfterKb(), m.threadsBefore(),
					m.threadsAfter()));
		}
	}

	private ServerProcess startServer(String server, String transport) {
		String address = address(server, transport);
		return switch (server) {
			case Report.SAMPLE -> ServerProcess.start("sample-server-" + transport,
					// Actuator is on the sample's class path (issue 10), which turns
					// observations
					// on; the observations cell measures them, these cells stay
					// comparable.
					List.of(java(), "-jar", sampleJar().toString(), "--ipc.server.address=" + address,
							"--ipc.server.observations.enabled=false"),
					SAMPLE_READY, this.logDir);
			case Report.LIMIT -> ServerProcess.start("limit-" + transport, javaCommand(LimitServer.class, address),
					LISTENING, this.logDir);
			case Report.NODE -> (this.node == null) ? null
					: ServerProcess.start("node-" + transport,
							List.of(this.node, interopScript("bench-node-server.js").toString(), address), LISTENING,
							this.logDir);
			default -> throw new IllegalArgumentException("unknown server '" + server + "'; use sample, node, limit");
		};
	}

	private String address(String server, String transport) {
		return transport.equals("unix") ? "unix:" + this.socketDir.resolve(server + ".sock") : "tcp://127.0.0.1:0";
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * A Java server of this module, with the harness's class path and no JVM option (like
	 * sample-server).
	 */
	private static List<String> javaCommand(Class<?> main, String address) {
		return List.of(java(), "-cp", System.getProperty("java.class.path"), main.getName(), address);
	}

	private Path sampleJar() {
		if (this.options.sampleJar != null) {
			return this.options.sampleJar;
		}
		Path jar = findSampleJar();
		if (jar == null) {
			throw new IllegalStateException("sample-server/target/sample-server-*-exec.jar not found: build it first "
					+ "with './mvnw -B -q -DskipTests package' (benchmarks/run does), or pass --sample-jar");
		}
		return jar;
	}

	/**
	 * Finds {@code sample-server/target/sample-server-*-exec.jar} upward from the working
	 * directory.
	 */
	static Path findSampleJar() {
		Path target = HarnessOptions.findUpward("sample-server/target");
		if (target == null) {
			return null;
		}
		try (Stream<Path> files = Files.list(target)) {
			return files.filter((p) -> p.getFileName().toString().matches("sample-server-.*-exec\\.jar"))
				.max(Comparator.comparing(Path::toString))
				.orElse(null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Path interopScript(String name) {
		Path dir = (this.options.interopDir != null) ? this.options.interopDir : HarnessOptions.findUpward("interop");
		Path script = (dir != null) ? dir.resolve(name) : null;
		if (script == null || !Files.isRegularFile(script)) {
			throw new IllegalStateException("interop/" + name + " not found; pass --interop-dir");
		}
		return script.toAbsolutePath();
	}

	private String detectNode() {
		if ("none".equals(this.options.node)) {
			this.report.notes.add("Node.js peers left out (--node none)");
			return null;
		}
		try {
			String version = runToEnd(List.of(this.options.node, "--version"), Duration.ofSeconds(10)).trim();
			if (version.startsWith("v")) {
				return this.options.node;
			}
			return noNode("'" + this.options.node + " --version' printed '" + version + "'");
		}
		catch (RuntimeException ex) {
			return noNode(ex.getMessage());
		}
	}

	private String noNode(String problem) {
		if (this.options.nodeRequired) {
			throw new IllegalStateException("node is required but could not be run: " + problem);
		}
		this.report.notes.add("Node.js peers left out: node could not be run (" + firstLine(problem) + ")");
		return null;
	}

	/**
	 * Runs a command to its end and returns its stdout; fails on a non-zero exit or a
	 * timeout.
	 */
	static String runToEnd(List<String> command, Duration timeout) {
		try {
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			process.getOutputStream().close();
			var output = new java.util.concurrent.CompletableFuture<String>();
			Thread reader = new Thread(() -> {
				try {
					output.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					output.completeExceptionally(ex);
				}
			}, "output-reader");
			reader.setDaemon(true);
			reader.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout);
			}
			String text = output.get(10, TimeUnit.SECONDS);
			if (process.exitValue() != 0) {
				throw new WrongAnswerException(
						String.join(" ", command) + " exited " + process.exitValue() + ": " + text);
			}
			return text;
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not run " + command.get(0) + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("could not read the output of " + command, ex);
		}
	}

	private static String firstLine(String text) {
		if (text == null) {
			return "";
		}
		int newline = text.indexOf('\n');
		return (newline < 0) ? text : text.substring(0, newline);
	}

	private void deleteSocketDir() {
		try (Stream<Path> files = Files.walk(this.socketDir)) {
			List<Path> all = new ArrayList<>(files.toList());
			all.sort(Comparator.reverseOrder());
			for (Path path : all) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			System.err.println("could not remove " + this.socketDir + ": " + ex.getMessage());
		}
	}

	private static void progress(String message) {
		System.err.println("[bench] " + message);
	}

	/** The machine line of the report. */
	static final class Machine {

		private Machine() {
		}

		static String describe(String node) {
			String cpu = "unknown CPU";
			long memKb = 0;
			try {
				cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
					.stream()
					.filter((l) -> l.startsWith("model name"))
					.map((l) -> l.substring(l.indexOf(':') + 1).trim())
					.findFirst()
					.orElse(cpu);
				memKb = Files.readAllLines(Path.of("/proc/meminfo"))
					.stream()
					.filter((l) -> l.startsWith("MemTotal:"))
					.map((l) -> Long.parseLong(l.replaceAll("[^0-9]", "")))
					.findFirst()
					.orElse(0L);
			}
			catch (IOException ex) {
				// leave unknown
			}
			String nodeVersion = "absent";
			if (node != null) {
				try {
					nodeVersion = runToEnd(List.of(node, "--version"), Duration.ofSeconds(10)).trim();
				}
				catch (RuntimeException ex) {
					nodeVersion = "?";
				}
			}
			return String.format(Locale.ROOT, "%d CPUs (%s), %.1f GiB RAM, %s %s (%s), Node.js %s, %s %s",
					Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024.0 / 1024.0,
					System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
					System.getProperty("java.vendor"), nodeVersion, System.getProperty("os.name"),
					System.getProperty("os.version"));
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
