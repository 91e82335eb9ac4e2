package dev.socketipc.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the fast-start recipe ({@code sample-server/fast-start}) end to end through the
 * startup cell: extract, train through one answered call, start with the archive and have
 * {@code add(1,2,3,4,5)} answered 15; then starts it once more with {@code -Xshare:on}
 * (which refuses to start without a usable archive) and class-load logging, to check that
 * the application's classes really came from the archive. Asserts no time.
 */
class StartupCellTest {

	@Test
	void fastStartRecipeTrainsAnArchiveThatAnswersTheFirstCall() throws IOException, InterruptedException {
		Path sampleJar = PeerProcesses.findSampleJar();
		assumeTrue(sampleJar != null, "sample-server's exec jar is built by the reactor's package phase");
		HarnessOptions options = HarnessOptions.parse(new String[] { "--smoke", "--startup-only" });
		options.sampleJar = sampleJar;
		options.node = "none";
		options.startupVariants = List.of("cds");
		options.logDir = Path.of("target", "bench-logs", "startup-test").toAbsolutePath();

		Report report = Harness.run(options, "StartupCellTest");

		assertThat(report.startup).singleElement().satisfies((result) -> {
			assertThat(result.variant().name()).isEqualTo("cds");
			assertThat(result.millis()).singleElement().satisfies((ms) -> assertThat(ms).isPositive());
			assertThat(result.started()).singleElement()
				.satisfies((line) -> assertThat(line).startsWith("Started SampleServerApplication in"));
		});
		assertThat(report.markdown(options)).contains("## Start to the first answer (unix, ms, 1 fresh processes",
				"| cds | fast-start: CDS trained through a call",
				"startup to the first answer with the fast-start recipe: ≤ 1 s (median)");

		Path classLoads = options.logDir.resolve("class-loads.log");
		Files.deleteIfExists(classLoads);
		runWithArchive(StartupCell.recipeDir(options.logDir, "cds"), classLoads,
				Files.createTempDirectory(Path.of("/tmp"), "ipcstarttest").resolve("s.sock"));
		List<String> shared = Files.readAllLines(classLoads, StandardCharsets.UTF_8)
			.stream()
			.filter((line) -> line.contains("source: shared objects file"))
			.toList();
		assertThat(shared)
			.anySatisfy((line) -> assertThat(line).contains("dev.socketipc.sample.server.SampleServerApplication "));
		assertThat(shared).anySatisfy((line) -> assertThat(line).contains("io.netty.channel."));
	}

	/** The recipe's run step with -Xshare:on, answered once, then stopped. */
	private static void runWithArchive(Path dir, Path classLoads, Path socket)
			throws IOException, InterruptedException {
		Path script = HarnessOptions.findUpward("sample-server/fast-start");
		List<String> command = new ArrayList<>(List.of("bash", script.toString(), "run", "--dir", dir.toString(),
				"--java", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--jvm", "-Xshare:on",
				"--jvm", "-Xlog:class+load=info:file=" + classLoads, "--", "--ipc.server.address=unix:" + socket));
		Path log = classLoads.resolveSibling("run-with-archive.log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			FirstAnswer.await(process, socket, Duration.ofSeconds(120));
		}
		catch (IllegalStateException ex) {
			throw new AssertionError(String.join(" ", command) + " did not answer: " + ex.getMessage() + "\n"
					+ Files.readString(log, StandardCharsets.UTF_8), ex);
		}
		finally {
			process.destroy();
			if (!process.waitFor(15, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
			Files.deleteIfExists(socket);
			Files.deleteIfExists(socket.getParent());
		}
	}

}
