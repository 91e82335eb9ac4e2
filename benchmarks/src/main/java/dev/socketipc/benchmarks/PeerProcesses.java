package dev.socketipc.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.socketipc.transport.IoTransport;

/**
 * Finds and starts the processes the harness measures (sample-server, the limit, gRPC and
 * observed servers, the Node.js peers), with their socket directory and logs.
 */
final class PeerProcesses {

	private static final Pattern SAMPLE_READY = Pattern.compile("IPC server listening on (\\S+) with");

	private static final Pattern LISTENING = Pattern.compile("^listening (\\S+)$");

	private final HarnessOptions options;

	private final Path socketDir;

	private final Path logDir;

	private String node;

	PeerProcesses(HarnessOptions options) throws IOException {
		this.options = options;
		this.socketDir = Files.createTempDirectory(Path.of("/tmp"), "ipcbench");
		this.logDir = (options.logDir != null) ? options.logDir : Path.of("target", "bench-logs").toAbsolutePath();
		Files.createDirectories(this.logDir);
	}

	Path logDir() {
		return this.logDir;
	}

	/** The node command, or {@code null} when the Node.js peers are left out. */
	String node() {
		return this.node;
	}

	/**
	 * Decides whether the Node.js peers run: {@code --node none} or a node that cannot be
	 * run leaves them out (noted in the report) unless {@code --node-required}.
	 * @param notes the report's notes
	 * @return the node command, or {@code null}
	 */
	String detectNode(List<String> notes) {
		this.node = findNode(notes);
		return this.node;
	}

	private String findNode(List<String> notes) {
		if ("none".equals(this.options.node)) {
			notes.add("Node.js peers left out (--node none)");
			return null;
		}
		try {
			String version = Commands.runToEnd(List.of(this.options.node, "--version"), Duration.ofSeconds(10)).trim();
			if (version.startsWith("v")) {
				return this.options.node;
			}
			return noNode(notes, "'" + this.options.node + " --version' printed '" + version + "'");
		}
		catch (RuntimeException ex) {
			return noNode(notes, ex.getMessage());
		}
	}

	private String noNode(List<String> notes, String problem) {
		if (this.options.nodeRequired) {
			throw new IllegalStateException("node is required but could not be run: " + problem);
		}
		notes.add("Node.js peers left out: node could not be run (" + Commands.firstLine(problem) + ")");
		return null;
	}

	/**
	 * Starts one server of the load-generator matrix; {@code null} for node when the
	 * Node.js peers are left out.
	 */
	ServerProcess startServer(String server, String transport) {
		String address = address(server, transport);
		return switch (server) {
			case Report.SAMPLE -> startSample("sample-server-" + transport, address);
			case Report.LIMIT -> ServerProcess.start("limit-" + transport, javaCommand(LimitServer.class, address),
					LISTENING, this.logDir);
			case Report.NODE -> (this.node == null) ? null
					: ServerProcess.start("node-" + transport,
							List.of(this.node, interopScript("bench-node-server.js").toString(), address), LISTENING,
							this.logDir);
			default -> throw new IllegalArgumentException("unknown server '" + server + "'; use sample, node, limit");
		};
	}

	/**
	 * Starts a sample-server, as the load-generator matrix runs it.
	 * @param name for messages and the log file name
	 * @param address its {@code ipc.server.address}, {@code tcp://127.0.0.1:0} for a free
	 * port
	 */
	ServerProcess startSample(String name, String address) {
		// Actuator is on the sample's class path (issue 10), which turns observations on;
		// the observations cell measures them, these cells stay comparable.
		return ServerProcess.start(name, sampleCommand(address), SAMPLE_READY, this.logDir);
	}

	/**
	 * The sample-server command line, with the JVM options and arguments of
	 * {@code --sample-jvm-args} and {@code --sample-args}.
	 */
	private List<String> sampleCommand(String address) {
		List<String> command = new ArrayList<>();
		command.add(java());
		command.addAll(this.options.sampleJvmArgs);
		command.addAll(List.of("-jar", sampleJar().toString(), "--ipc.server.address=" + address,
				"--ipc.server.observations.enabled=false"));
		String transport = System.getProperty(IoTransport.PROPERTY);
		if (transport != null) {
			command.add("--" + IoTransport.PROPERTY + "=" + transport);
		}
		command.addAll(this.options.sampleArgs);
		return command;
	}

	/**
	 * Starts the transports cell's sample-server on an I/O transport: through Spring
	 * Boot's {@code PropertiesLauncher}, with the native transport jars of the harness's
	 * class path on its {@code loader.path}, so that every transport can run whether or
	 * not the starter brings them.
	 * @param kind {@code nio}, {@code epoll} or {@code io-uring}
	 * @param transport {@code unix} or {@code tcp}
	 */
	ServerProcess startSampleOn(String kind, String transport) {
		String name = "sample-server-" + kind + "-" + transport;
		List<String> command = new ArrayList<>(List.of(java(), "-Dloader.path=" + nativeJars(), "-cp",
				sampleJar().toString(), "org.springframework.boot.loader.launch.PropertiesLauncher",
				"--ipc.server.address=" + address(name, transport), "--ipc.server.observations.enabled=false",
				"--ipc.transport=" + kind));
		return ServerProcess.start(name, command, SAMPLE_READY, this.logDir);
	}

	/**
	 * Starts the transports cell's limit server on an I/O transport
	 * ({@code -Dipc.transport}).
	 * @param kind {@code nio}, {@code epoll} or {@code io-uring}
	 * @param transport {@code unix} or {@code tcp}
	 */
	ServerProcess startLimitOn(String kind, String transport) {
		String name = "limit-" + kind + "-" + transport;
		List<String> command = List.of(java(), "-Dipc.transport=" + kind, "-cp", System.getProperty("java.class.path"),
				LimitServer.class.getName(), address(name, transport));
		return ServerProcess.start(name, command, LISTENING, this.logDir);
	}

	/** The Netty native transport jars on the harness's class path, comma-separated. */
	private static String nativeJars() {
		List<String> jars = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
			String file = Path.of(entry).getFileName().toString();
			if (file.startsWith("netty-transport-native-") || file.startsWith("netty-transport-classes-")) {
				jars.add(entry);
			}
		}
		return String.join(",", jars);
	}

	/**
	 * Starts the observations cell's server over a Unix socket.
	 * @param server one of {@link Report#OBSERVATIONS}
	 */
	ServerProcess startObserved(String server) {
		String mode = switch (server) {
			case Report.OBSERVATIONS_OFF -> "off";
			case Report.OBSERVATIONS_FLOOR -> "floor";
			case Report.OBSERVATIONS_ON -> "on";
			case Report.OBSERVATIONS_DEFAULT_HANDLER -> "default";
			default -> throw new IllegalArgumentException("unknown observations server '" + server + "'");
		};
		List<String> command = javaCommand(ObservedServer.class, mode, address(server, "unix"));
		return ServerProcess.start(server, command, LISTENING, this.logDir);
	}

	/**
	 * Starts the events cell's server over a Unix socket, with the event buffer and
	 * overflow policy of the options.
	 */
	ServerProcess startEvents() {
		List<String> command = javaCommand(EventServer.class, address(Report.EVENTS_SERVER, "unix"),
				Integer.toString(this.options.eventBufferSize), this.options.eventOverflow);
		return ServerProcess.start(Report.EVENTS_SERVER, command, LISTENING, this.logDir);
	}

	/** Starts gRPC's own server process. */
	ServerProcess startGrpc(String transport) {
		return ServerProcess.start("grpc-" + transport, javaCommand(GrpcAddServer.class, address("grpc", transport)),
				LISTENING, this.logDir);
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
	/**
	 * A Java peer's command line on the harness's class path; the harness's
	 * {@code ipc.transport} (set by {@code benchmarks/run}) is passed on, so that every
	 * peer of the matrix runs on the transport the starter runs by default.
	 */
	private static List<String> javaCommand(Class<?> main, String... args) {
		List<String> command = new ArrayList<>(List.of(java()));
		String transport = System.getProperty(IoTransport.PROPERTY);
		if (transport != null) {
			command.add("-D" + IoTransport.PROPERTY + "=" + transport);
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
		command.addAll(List.of(args));
		return command;
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

	/** An {@code interop/} script, from {@code --interop-dir} or found upward. */
	Path interopScript(String name) {
		Path dir = (this.options.interopDir != null) ? this.options.interopDir : HarnessOptions.findUpward("interop");
		Path script = (dir != null) ? dir.resolve(name) : null;
		if (script == null || !Files.isRegularFile(script)) {
			throw new IllegalStateException("interop/" + name + " not found; pass --interop-dir");
		}
		return script.toAbsolutePath();
	}

	/** Removes the socket directory. */
	void deleteSocketDir() {
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

}
