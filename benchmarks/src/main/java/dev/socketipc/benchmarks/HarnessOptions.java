package dev.socketipc.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.transport.IoTransport;

/**
 * What one harness run measures and for how long. {@link #full()} is the documented
 * matrix, {@link #smoke()} a run of a few seconds; every setting can be overridden on the
 * command line ({@code --name value}).
 */
final class HarnessOptions {

	/** Transports measured: {@code unix}, {@code tcp}. */
	List<String> transports = List.of("unix", "tcp");

	/**
	 * Servers the load generator measures: {@code sample}, {@code node}, {@code limit}.
	 */
	List<String> servers = List.of("sample", "node", "limit");

	/** C, connections per load-generator run. */
	List<Integer> connections = List.of(1, 4);

	/** W, calls in flight per connection. */
	List<Integer> inFlight = List.of(1, 64);

	/** Runs per figure; the report shows their median. */
	int runs = 3;

	/** Load before each run's window. */
	Duration warmup = Duration.ofSeconds(1);

	/** Each run's measurement window. */
	Duration window = Duration.ofSeconds(2);

	/** Load given to each freshly started server (and client) before its first run. */
	Duration serverWarmup = Duration.ofSeconds(5);

	/**
	 * Load given to a client (ours or gRPC) in each of its modes before its first run.
	 */
	Duration clientWarmup = Duration.ofSeconds(3);

	/**
	 * A measurement during which other processes took more CPU than this, in cores, is
	 * made again.
	 */
	double maxForeignCores = 0.25;

	/**
	 * How many times a disturbed measurement is made again before it is kept (and listed)
	 * as it is.
	 */
	int retries = 2;

	/**
	 * How many measurements may be made again in all, which bounds the run's time on a
	 * busy machine.
	 */
	int retryBudget = 30;

	/**
	 * How long the harness may wait in all, before measurements, for other processes to
	 * leave the CPU.
	 */
	Duration quietWaitBudget = Duration.ofMinutes(3);

	/** Threads of the blocking client runs (the 1-thread run is always made). */
	int clientThreads = 64;

	/** Calls in flight in the asynchronous client runs. */
	int clientInFlight = 64;

	/** Whether the client-side section (our client, gRPC) runs. */
	boolean clients = true;

	/** Whether the gRPC peer runs. */
	boolean grpc = true;

	/** Whether the Node.js parent/child (fork) peer runs. */
	boolean fork = true;

	/** In-flight counts of the fork peer. */
	List<Integer> forkInFlight = List.of(1, 64);

	/** Idle connections opened to sample-server for the memory figures; 0 skips them. */
	int idleConnections = 10_000;

	/**
	 * Whether the observations cell runs: our server with observations off and on, side
	 * by side, over a Unix socket at C=1, W={@link #OBSERVATIONS_IN_FLIGHT}.
	 */
	boolean observations = true;

	/** W of the observations cell. */
	static final int OBSERVATIONS_IN_FLIGHT = 64;

	/**
	 * Whether the events cell runs: one publisher to {@link #eventSubscribers} raw
	 * subscribers over a Unix socket, next to the same server's {@code add} at C=1,
	 * W={@link #EVENTS_CALLS_IN_FLIGHT}.
	 */
	boolean events = true;

	/** The subscriber counts of the events cell. */
	List<Integer> eventSubscribers = List.of(1, 100);

	/**
	 * How many events the events cell's publisher may be ahead of its slowest subscriber;
	 * 0 publishes as fast as it can regardless (then the overflow policy drops).
	 */
	int eventCredit = IpcServerBuilder.DEFAULT_EVENT_BUFFER_SIZE;

	/** The events server's event buffer per connection. */
	int eventBufferSize = IpcServerBuilder.DEFAULT_EVENT_BUFFER_SIZE;

	/** The events server's overflow policy: drop-oldest, drop-newest, close. */
	String eventOverflow = "drop-oldest";

	/** W of the {@code add} figure next to the events cell. */
	static final int EVENTS_CALLS_IN_FLIGHT = 64;

	/**
	 * Whether the lb cell runs: our proxies through {@code lb://calc} over
	 * {@value LbCell#SERVERS} sample-servers next to one direct connection, over TCP, in
	 * each client mode.
	 */
	boolean lb = true;

	/**
	 * The I/O transports of the transports cell ({@link IoCell}): {@code nio},
	 * {@code epoll}, {@code io-uring}; empty ({@code --io none}) skips it.
	 */
	List<String> io = List.of("nio", "epoll", "io-uring");

	/** The socket transports of the transports cell. */
	List<String> ioTransports = List.of("unix", "tcp");

	/**
	 * Whether the payload cell runs: {@code Item save(Item)} and ~100 KB
	 * {@code Document get(id)} of sample-server's catalog next to the Node.js server
	 * (load generator, unix, C=1, W={@link #PAYLOAD_IN_FLIGHT}) and gRPC (clients, one
	 * blocking thread and {@link #clientInFlight} asynchronous calls).
	 */
	boolean payload = true;

	/** W of the payload cell's load generator. */
	static final int PAYLOAD_IN_FLIGHT = 64;

	/**
	 * Whether the startup cell runs: fresh processes timed from their start to the first
	 * answer, plain and with the fast-start recipe ({@link StartupCell}).
	 */
	boolean startup = true;

	/** Fresh processes per startup variant. */
	int startupRuns = 5;

	/** The startup variants measured (keys of {@link StartupCell#VARIANTS}). */
	List<String> startupVariants = StartupCell.VARIANTS;

	/**
	 * The JDK 25 home of the startup cell's JDK 25 variants; those are left out when it
	 * has no {@code bin/java}.
	 */
	Path startupJava25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

	/**
	 * How long our client's synchronous callers spin before they park in the client
	 * cells; {@code null} for the client's default.
	 */
	Duration clientSpinWait;

	/** Whether the JMH allocation benchmark runs (in a forked JVM). */
	boolean jmh = true;

	/** The node executable; {@code none} leaves the Node.js peers out. */
	String node = "node";

	/**
	 * Whether a node that cannot be run fails the harness (otherwise its peers are left
	 * out with a note).
	 */
	boolean nodeRequired;

	/**
	 * The sample-server {@code -exec} jar; found under {@code sample-server/target} when
	 * not given.
	 */
	Path sampleJar;

	/**
	 * The repository's {@code interop/} directory; found upward from the working
	 * directory when not given.
	 */
	Path interopDir;

	/** Where the Markdown report is written. */
	Path out;

	/** Where server logs go. */
	Path logDir;

	/** Whether this is the smoke profile (printed in the report). */
	boolean smoke;

	/**
	 * JVM options for every sample-server the matrix starts, such as a flight recording
	 * ({@code --sample-jvm-args "-XX:StartFlightRecording=..."}), split at spaces.
	 */
	List<String> sampleJvmArgs = List.of();

	/**
	 * Application arguments for every sample-server the matrix starts, such as
	 * {@code --sample-args "--ipc.server.io-threads=2"}, split at spaces.
	 */
	List<String> sampleArgs = List.of();

	static HarnessOptions full() {
		return new HarnessOptions();
	}

	/**
	 * Only the observations, events and lb cells asked for, with the full run's timings
	 * unless overridden: the commands {@code benchmarks/run --observations-only},
	 * {@code --events-only} and {@code --lb-only}.
	 */
	HarnessOptions cellsOnly(boolean observations, boolean events, boolean lb) {
		this.transports = List.of("unix");
		this.servers = List.of();
		this.clients = false;
		this.grpc = false;
		this.fork = false;
		this.idleConnections = 0;
		this.jmh = false;
		this.node = "none";
		this.observations = observations;
		this.events = events;
		this.lb = lb;
		this.io = List.of();
		this.payload = false;
		this.startup = false;
		return this;
	}

	/**
	 * Only the startup cell, with the full run's number of runs unless overridden: the
	 * command {@code benchmarks/run --startup-only}.
	 */
	HarnessOptions startupOnly() {
		cellsOnly(false, false, false);
		this.node = "node";
		this.startup = true;
		return this;
	}

	/**
	 * Only the transports cell, with the full run's timings unless overridden: the
	 * command {@code benchmarks/run --io-only}.
	 */
	HarnessOptions ioOnly() {
		cellsOnly(false, false, false);
		this.transports = List.of();
		this.io = List.of("nio", "epoll", "io-uring");
		return this;
	}

	/**
	 * {@code --payload-only}: only the payload cell (with any other {@code --*-only}
	 * cell); any other {@code --*-only} alone leaves it out.
	 */
	private void payloadOnly(boolean payloadOnly, boolean otherCellsOnly) {
		if (!payloadOnly) {
			return;
		}
		if (!otherCellsOnly) {
			cellsOnly(false, false, false);
		}
		this.payload = true;
		this.node = "node";
		this.grpc = true;
	}

	static HarnessOptions smoke() {
		HarnessOptions options = new HarnessOptions();
		options.smoke = true;
		options.connections = List.of(1, 2);
		options.inFlight = List.of(1, 8);
		options.runs = 1;
		options.warmup = Duration.ofMillis(200);
		options.window = Duration.ofMillis(300);
		options.serverWarmup = Duration.ofMillis(300);
		options.clientWarmup = Duration.ofMillis(200);
		options.clientThreads = 4;
		options.clientInFlight = 8;
		options.forkInFlight = List.of(1, 8);
		options.idleConnections = 200;
		options.eventSubscribers = List.of(1, 4);
		options.jmh = false;
		options.io = List.of("nio", "epoll");
		options.retries = 0;
		options.quietWaitBudget = Duration.ZERO;
		options.startupRuns = 1;
		options.startupVariants = List.of("plain", "cds");
		return options;
	}

	/**
	 * Parses the command line: {@code --smoke} first picks the smoke profile, then each
	 * {@code --name value} overrides one setting.
	 */
	static HarnessOptions parse(String[] args) {
		List<String> rest = new ArrayList<>(Arrays.asList(args));
		HarnessOptions options = rest.remove("--smoke") ? smoke() : full();
		boolean observationsOnly = rest.remove("--observations-only");
		boolean eventsOnly = rest.remove("--events-only");
		boolean lbOnly = rest.remove("--lb-only");
		if (observationsOnly || eventsOnly || lbOnly) {
			options.cellsOnly(observationsOnly, eventsOnly, lbOnly);
		}
		if (rest.remove("--io-only")) {
			options.ioOnly();
		}
		options.takeSampleOptions(rest);
		options.payloadOnly(rest.remove("--payload-only"), observationsOnly || eventsOnly || lbOnly);
		if (rest.remove("--startup-only")) {
			options.startupOnly();
		}
		for (int i = 0; i < rest.size(); i++) {
			String name = rest.get(i);
			if (!name.startsWith("--") || i + 1 >= rest.size()) {
				throw new IllegalArgumentException("expected --name value, got '" + name + "'\n" + usage());
			}
			options.set(name.substring(2), rest.get(++i));
		}
		return options;
	}

	private void set(String name, String value) {
		switch (name) {
			case "transports" -> this.transports = words(value);
			case "servers" -> this.servers = words(value);
			case "connections" -> this.connections = numbers(value);
			case "inflight" -> this.inFlight = numbers(value);
			case "runs" -> this.runs = Integer.parseInt(value);
			case "warmup-ms" -> this.warmup = Duration.ofMillis(Long.parseLong(value));
			case "window-ms" -> this.window = Duration.ofMillis(Long.parseLong(value));
			case "server-warmup-ms" -> this.serverWarmup = Duration.ofMillis(Long.parseLong(value));
			case "client-warmup-ms" -> this.clientWarmup = Duration.ofMillis(Long.parseLong(value));
			case "max-foreign-cores" -> this.maxForeignCores = Double.parseDouble(value);
			case "retries" -> this.retries = Integer.parseInt(value);
			case "retry-budget" -> this.retryBudget = Integer.parseInt(value);
			case "quiet-wait-budget-s" -> this.quietWaitBudget = Duration.ofSeconds(Long.parseLong(value));
			case "client-threads" -> this.clientThreads = Integer.parseInt(value);
			case "client-inflight" -> this.clientInFlight = Integer.parseInt(value);
			case "clients" -> this.clients = Boolean.parseBoolean(value);
			case "client-spin-wait-us" -> this.clientSpinWait = Duration.ofNanos(Long.parseLong(value) * 1000);
			case "grpc" -> this.grpc = Boolean.parseBoolean(value);
			case "fork" -> this.fork = Boolean.parseBoolean(value);
			case "fork-inflight" -> this.forkInFlight = numbers(value);
			case "idle-connections" -> this.idleConnections = Integer.parseInt(value);
			case "lb" -> this.lb = Boolean.parseBoolean(value);
			case "jmh" -> this.jmh = Boolean.parseBoolean(value);
			case "io" -> this.io = ioKinds(value);
			case "payload" -> this.payload = Boolean.parseBoolean(value);
			case "startup" -> this.startup = Boolean.parseBoolean(value);
			case "startup-runs" -> this.startupRuns = Integer.parseInt(value);
			case "startup-variants" -> this.startupVariants = words(value);
			case "startup-java25" -> this.startupJava25 = Path.of(value);
			case "observations" -> this.observations = Boolean.parseBoolean(value);
			case "events" -> this.events = Boolean.parseBoolean(value);
			case "event-subscribers" -> this.eventSubscribers = numbers(value);
			case "event-credit" -> this.eventCredit = Integer.parseInt(value);
			case "event-buffer-size" -> this.eventBufferSize = Integer.parseInt(value);
			case "event-overflow" ->
				this.eventOverflow = EventServer.overflow(value).name().toLowerCase(Locale.ROOT).replace('_', '-');
			case "node" -> this.node = value;
			case "node-required" -> this.nodeRequired = Boolean.parseBoolean(value);
			case "sample-jar" -> this.sampleJar = Path.of(value);
			case "interop-dir" -> this.interopDir = Path.of(value);
			case "out" -> this.out = Path.of(value);
			case "log-dir" -> this.logDir = Path.of(value);
			default -> throw new IllegalArgumentException("unknown option --" + name + "\n" + usage());
		}
	}

	/**
	 * Takes {@code --sample-jvm-args} and {@code --sample-args} out of the command line:
	 * their values start with {@code -}, which the generic loop would not accept.
	 */
	private void takeSampleOptions(List<String> rest) {
		for (int i = 0; i < rest.size() - 1; i++) {
			String name = rest.get(i);
			if (name.equals("--sample-jvm-args") || name.equals("--sample-args")) {
				List<String> values = Arrays.stream(rest.get(i + 1).trim().split("\\s+"))
					.filter((value) -> !value.isEmpty())
					.toList();
				if (name.equals("--sample-jvm-args")) {
					this.sampleJvmArgs = values;
				}
				else {
					this.sampleArgs = values;
				}
				rest.subList(i, i + 2).clear();
				i--;
			}
		}
	}

	static String usage() {
		return """
				usage: Harness [--smoke] [--observations-only] [--events-only] [--lb-only] [--io-only] [--payload-only]
				               [--startup-only] [--name value ...]
				  --transports unix,tcp      --servers sample,node,limit   --connections 1,4   --inflight 1,64
				  --runs 3   --warmup-ms 1000   --window-ms 2000   --server-warmup-ms 5000
				  --client-warmup-ms 3000   --client-threads 64   --client-inflight 64   --clients true   --grpc true
				  --client-spin-wait-us 50 (default: the client's)
				  --fork true   --fork-inflight 1,64   --idle-connections 10000   --jmh true   --observations true
				  --events true   --event-subscribers 1,100   --event-credit 1024 (0: no limit)
				  --event-buffer-size 1024   --event-overflow drop-oldest|drop-newest|close   --lb true   --payload true
				  --max-foreign-cores 0.25   --retries 2   --retry-budget 30   --quiet-wait-budget-s 180
				  --node node|none   --node-required false   --sample-jar PATH   --interop-dir PATH
				  --out report.md   --log-dir DIR   --io nio,epoll,io-uring|none
				  --sample-jvm-args "-XX:..."   --sample-args "--ipc.server.io-threads=2"
				  --startup true   --startup-runs 5   --startup-java25 /usr/lib/jvm/temurin-25-jdk-amd64
				  --startup-variants plain,cds,cds-refresh,cds-c1,aot-cds,plain-25,aotcache-25,aot-aotcache-25,node""";
	}

	private static List<String> words(String value) {
		List<String> words = new ArrayList<>();
		for (String word : value.split(",")) {
			if (!word.isBlank()) {
				words.add(word.trim().toLowerCase(Locale.ROOT));
			}
		}
		return List.copyOf(words);
	}

	/** The transports cell's I/O transports, checked; {@code none} for none. */
	private static List<String> ioKinds(String value) {
		if (value.trim().equalsIgnoreCase("none")) {
			return List.of();
		}
		return words(value).stream().map((kind) -> IoTransport.parse(kind).value()).toList();
	}

	private static List<Integer> numbers(String value) {
		return words(value).stream().map(Integer::valueOf).toList();
	}

	/**
	 * Finds {@code relative} in the working directory or the nearest directory above it
	 * that has it.
	 */
	static Path findUpward(String relative) {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve(relative);
			if (Files.exists(candidate)) {
				return candidate;
			}
		}
		return null;
	}

}
