package dev.socketipc.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The startup cell: the time from starting a server process to its first answered call,
 * for sample-server started plainly ({@code java -jar}), through the fast-start recipe
 * ({@code sample-server/fast-start}: class-data sharing on JDK 17, the AOT cache on JDK
 * 25, with Spring AOT when the jar was built with {@code -Paot}), and for the Node.js
 * server. Each variant's preparation (the recipe's training) runs once; then each run
 * starts every variant in turn, a fresh process each time: the clock starts just before
 * {@link ProcessBuilder#start()} and stops when {@link FirstAnswer} has the answer 15.
 * The file cache is warm (the jar and archive were read just before).
 */
final class StartupCell {

	/** The variant keys, in the report's order. */
	static final List<String> VARIANTS = List.of("plain", "cds", "cds-refresh", "cds-c1", "aot-cds", "plain-25",
			"aotcache-25", "aot-aotcache-25", "node");

	private static final Pattern STARTED = Pattern
		.compile("(Started \\S+ in [0-9.]+ seconds \\(process running for [0-9.]+\\))");

	private static final Duration FIRST_ANSWER_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(5);

	private static final String SAMPLE_ADDRESS = "--ipc.server.address=unix:%s";

	private final HarnessOptions options;

	private final Report report;

	private final QuietMeasurement quiet;

	private final PeerProcesses peers;

	StartupCell(HarnessOptions options, Report report, QuietMeasurement quiet, PeerProcesses peers) {
		this.options = options;
		this.report = report;
		this.quiet = quiet;
		this.peers = peers;
	}

	/**
	 * Where the recipe of one variant is trained (the extracted jar and its archive).
	 * @param logDir the harness's log directory
	 * @param variant a key of {@link #VARIANTS}
	 * @return the directory passed to {@code fast-start --dir}
	 */
	static Path recipeDir(Path logDir, String variant) {
		return logDir.resolve("startup").resolve(variant).toAbsolutePath();
	}

	void run() {
		List<StartupVariant> variants = variants();
		for (StartupVariant variant : variants) {
			if (!variant.prepare().isEmpty()) {
				Progress.say("startup: preparing " + variant.name() + ": " + String.join(" ", variant.prepare()));
				Commands.runToEnd(variant.prepare(), TRAINING_TIMEOUT);
			}
		}
		Map<StartupVariant, List<Double>> millis = new LinkedHashMap<>();
		Map<StartupVariant, List<String>> started = new LinkedHashMap<>();
		Path socketDir = createSocketDir();
		try {
			for (int run = 1; run <= this.options.startupRuns; run++) {
				for (StartupVariant variant : variants) {
					String what = String.format(Locale.ROOT, "startup run %d/%d %-16s", run, this.options.startupRuns,
							variant.name());
					Path log = this.peers.logDir().resolve("startup-" + variant.name() + ".log");
					Path socket = socketDir.resolve(variant.name() + ".sock");
					double ms = this.quiet.measure(what, () -> once(variant, socket, log));
					millis.computeIfAbsent(variant, (k) -> new ArrayList<>()).add(ms);
					String line = variant.jvm() ? startedLine(log) : "";
					started.computeIfAbsent(variant, (k) -> new ArrayList<>()).add(line);
					Progress.say(String.format(Locale.ROOT, "%s %,8.0f ms to the first answer%s%s", what, ms,
							line.isEmpty() ? "" : "  (" + line + ")", this.quiet.others()));
				}
			}
		}
		finally {
			deleteQuietly(socketDir);
		}
		millis.forEach(
				(variant, runs) -> this.report.startup.add(new StartupResult(variant, runs, started.get(variant))));
	}

	/**
	 * One fresh process, from just before its start to its first answer; then stops it.
	 */
	private static double once(StartupVariant variant, Path socket, Path log) {
		List<String> command = variant.command(socket);
		Process process;
		long t0;
		try {
			Files.deleteIfExists(socket);
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			t0 = System.nanoTime();
			process = builder.start();
			process.getOutputStream().close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + variant.name() + ": " + command, ex);
		}
		try {
			FirstAnswer.await(process, socket, FIRST_ANSWER_TIMEOUT);
			return (System.nanoTime() - t0) / 1e6;
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException(variant.name() + ": " + ex.getMessage() + "; command: "
					+ String.join(" ", command) + "\n--- " + log + " ---\n" + tail(log), ex);
		}
		finally {
			stop(process);
		}
	}

	private static void stop(Process process) {
		process.destroy();
		try {
			if (!process.waitFor(15, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	/** The variants asked for ({@code --startup-variants}) that can run here. */
	List<StartupVariant> variants() {
		Path jar = (this.options.sampleJar != null) ? this.options.sampleJar : PeerProcesses.findSampleJar();
		if (jar == null) {
			throw new IllegalStateException("the startup cell needs sample-server/target/sample-server-*-exec.jar: "
					+ "build it first with './mvnw -B -q -DskipTests package' (benchmarks/run does), or pass --sample-jar");
		}
		Path script = HarnessOptions.findUpward("sample-server/fast-start");
		if (script == null) {
			throw new IllegalStateException("sample-server/fast-start not found upward from "
					+ Path.of("").toAbsolutePath() + ": run the harness from the repository");
		}
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String jdk = "JDK " + Runtime.version().feature();
		Path java25Home = this.options.startupJava25;
		String java25 = (java25Home != null && Files.isExecutable(java25Home.resolve("bin/java")))
				? java25Home.resolve("bin/java").toString() : null;
		boolean springAot = hasSpringAot(jar);
		List<StartupVariant> variants = new ArrayList<>();
		for (String key : this.options.startupVariants) {
			StartupVariant variant = switch (key) {
				case "plain" -> new StartupVariant(key, "java -jar, " + jdk, List.of(),
						List.of(java, "-jar", jar.toString()), SAMPLE_ADDRESS, true);
				case "cds" ->
					recipe(key, "fast-start: CDS trained through a call, " + jdk, script, jar, java, List.of());
				case "cds-refresh" -> recipe(key, "fast-start --training refresh (Boot's onRefresh), " + jdk, script,
						jar, java, List.of("--training", "refresh"));
				case "cds-c1" -> recipe(key, "fast-start --jvm -XX:TieredStopAtLevel=1, " + jdk, script, jar, java,
						List.of("--jvm", "-XX:TieredStopAtLevel=1"));
				case "aot-cds" -> springAot ? recipe(key, "fast-start --aot (Spring AOT + CDS), " + jdk, script, jar,
						java, List.of("--aot")) : skipped(key, "the jar was not built with -Paot");
				case "plain-25" -> (java25 != null)
						? new StartupVariant(key, "java -jar, JDK 25", List.of(),
								List.of(java25, "-jar", jar.toString()), SAMPLE_ADDRESS, true)
						: skipped(key, "no JDK 25");
				case "aotcache-25" ->
					(java25 != null) ? recipe(key, "fast-start: AOT cache trained through a call, JDK 25", script, jar,
							java25, List.of()) : skipped(key, "no JDK 25");
				case "aot-aotcache-25" -> (java25 != null && springAot)
						? recipe(key, "fast-start --aot (Spring AOT + AOT cache), JDK 25", script, jar, java25,
								List.of("--aot"))
						: skipped(key, (java25 == null) ? "no JDK 25" : "the jar was not built with -Paot");
				case "node" -> (this.peers.node() != null)
						? new StartupVariant(key, "node interop/bench-node-server.js", List.of(),
								List.of(this.peers.node(), this.peers.interopScript("bench-node-server.js").toString()),
								"unix:%s", false)
						: skipped(key, "no node");
				default -> throw new IllegalArgumentException(
						"unknown --startup-variants entry '" + key + "'; use " + String.join(",", VARIANTS));
			};
			if (variant != null) {
				variants.add(variant);
			}
		}
		return variants;
	}

	private StartupVariant recipe(String key, String description, Path script, Path jar, String java,
			List<String> flags) {
		String dir = recipeDir(this.peers.logDir(), key).toString();
		List<String> prepare = new ArrayList<>(
				List.of("bash", script.toString(), "train", "--jar", jar.toString(), "--dir", dir, "--java", java));
		prepare.addAll(flags);
		List<String> start = new ArrayList<>(List.of("bash", script.toString(), "run", "--dir", dir, "--java", java));
		start.addAll(flags.contains("--training") ? List.of() : flags);
		start.add("--");
		return new StartupVariant(key, description, prepare, start, SAMPLE_ADDRESS, true);
	}

	private StartupVariant skipped(String key, String why) {
		this.report.notes.add("startup variant " + key + " left out: " + why);
		return null;
	}

	/** Whether the jar holds Spring AOT's generated initializer (built with -Paot). */
	static boolean hasSpringAot(Path jar) {
		try (JarFile file = new JarFile(jar.toFile())) {
			return file.stream()
				.anyMatch((entry) -> entry.getName().startsWith("BOOT-INF/classes/")
						&& entry.getName().endsWith("__ApplicationContextInitializer.class"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read " + jar, ex);
		}
	}

	private static String startedLine(Path log) {
		try {
			for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
				Matcher matcher = STARTED.matcher(line);
				if (matcher.find()) {
					return matcher.group(1);
				}
			}
			return "";
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(no output: " + ex + ")";
		}
	}

	private static Path createSocketDir() {
		try {
			return Files.createTempDirectory(Path.of("/tmp"), "ipcstart");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteQuietly(Path dir) {
		try (var files = Files.list(dir)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
			Files.deleteIfExists(dir);
		}
		catch (IOException ex) {
			Progress.say("could not remove " + dir + ": " + ex.getMessage());
		}
	}

}
