package dev.socketipc.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.socketipc.testsupport.NodeProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the harness in smoke mode (a few seconds, tiny counts) over a Unix socket so that
 * it cannot rot: the limit server, sample-server (when its exec jar was built, as the
 * reactor's package phase does before this module's tests), the Node.js server and fork
 * peer (skipped without node unless {@code ipc.interop.required=true}), our client, gRPC,
 * the idle-connection memory figures, the observations cell (off and on); and, alone, the
 * events cell, the lb cell and the payload cell. Asserts that every cell measured
 * something and no answer was wrong.
 */
class HarnessSmokeTest {

	@Test
	void smokeRunMeasuresEveryCellWithoutAWrongAnswer() throws IOException {
		HarnessOptions options = HarnessOptions.smoke();
		options.transports = List.of("unix");
		options.connections = List.of(1, 2);
		options.inFlight = List.of(1, 4);
		options.clientThreads = 2;
		options.clientInFlight = 4;
		options.forkInFlight = List.of(1, 4);
		options.window = Duration.ofMillis(300);
		options.warmup = Duration.ofMillis(150);
		options.idleConnections = 100;
		options.logDir = Path.of("target", "bench-logs", "smoke-test");
		// the events, lb, transports and payload cells have their own tests below
		options.events = false;
		options.lb = false;
		options.io = List.of();
		options.payload = false;
		// the startup cell has its own test (StartupCellTest)
		options.startup = false;
		String node = NodeProcess.commandOrSkip();
		options.node = (node != null) ? node : "none";
		options.nodeRequired = node != null;
		options.fork = node != null;
		Path sampleJar = PeerProcesses.findSampleJar();
		List<String> servers = new ArrayList<>(List.of(Report.LIMIT));
		if (sampleJar != null) {
			servers.add(Report.SAMPLE);
			options.sampleJar = sampleJar;
		}
		if (node != null) {
			servers.add(Report.NODE);
		}
		options.servers = servers;

		Report report = Harness.run(options, "HarnessSmokeTest");

		assertThat(report.wrongAnswers).isZero();
		List<String> expected = new ArrayList<>();
		for (String server : servers) {
			for (int c : options.connections) {
				for (int w : options.inFlight) {
					expected.add(Report.serverKey("unix", c, w, server) + " calls/s");
					expected.add(Report.serverKey("unix", c, w, server) + " p50");
				}
			}
		}
		List<String> peers = new ArrayList<>(List.of(Report.OURS_TO_LIMIT, Report.GRPC));
		if (sampleJar != null) {
			peers.add(Report.OURS_TO_SAMPLE);
		}
		for (String peer : peers) {
			for (String mode : List.of(Report.SYNC_1, Report.syncMode(2), Report.asyncMode(4))) {
				expected.add(Report.clientKey("unix", mode, peer) + " calls/s");
			}
		}
		if (node != null) {
			expected.add("fork/W1 calls/s");
			expected.add("fork/W4 calls/s");
		}
		if (sampleJar != null) {
			expected.add("idle connections registered");
		}
		for (String server : List.of(Report.OBSERVATIONS_OFF, Report.OBSERVATIONS_ON)) {
			expected.add(Report.serverKey("unix", 1, HarnessOptions.OBSERVATIONS_IN_FLIGHT, server) + " calls/s");
		}
		assertThat(report.figures()).extracting(Report.Figure::name).containsAll(expected);
		assertThat(report.figures()).allSatisfy((figure) -> assertThat(figure.value()).as(figure.name()).isPositive());
		if (sampleJar != null) {
			assertThat(report.memory.registered()).isEqualTo(100);
			assertThat(report.memory.addAnswered()).isTrue();
		}
		String markdown = report.markdown(options);
		assertThat(markdown).contains("| unix | 1 | 1 |", "| unix | 2 | 4 |", "ours e2e / gRPC",
				"## Observations off and on (unix, C=1, W=64");
	}

	@Test
	void eventsCellChecksEveryEventAndReportsItsRow() throws IOException {
		HarnessOptions options = HarnessOptions.parse(new String[] { "--smoke", "--events-only" });
		options.eventSubscribers = List.of(1, 3);
		options.window = Duration.ofMillis(300);
		options.warmup = Duration.ofMillis(150);
		options.logDir = Path.of("target", "bench-logs", "smoke-test-events");

		Report report = Harness.run(options, "HarnessSmokeTest events");

		assertThat(report.wrongAnswers).isZero();
		assertThat(report.figures()).extracting(Report.Figure::name)
			.containsExactlyInAnyOrder(
					Report.serverKey("unix", 1, HarnessOptions.EVENTS_CALLS_IN_FLIGHT, Report.EVENTS_SERVER)
							+ " calls/s",
					Report.serverKey("unix", 1, HarnessOptions.EVENTS_CALLS_IN_FLIGHT, Report.EVENTS_SERVER) + " p50",
					"events/S1 events/s per subscriber", "events/S1 events/s", "events/S1 published",
					"events/S3 events/s per subscriber", "events/S3 events/s", "events/S3 published");
		assertThat(report.figures()).allSatisfy((figure) -> assertThat(figure.value()).as(figure.name()).isPositive());
		// the credit (1024) is the server's event buffer: nothing may be dropped
		assertThat(report.eventRuns.values()).allSatisfy((runs) -> assertThat(runs).singleElement()
			.satisfies((run) -> assertThat(run.drops()).isZero())
			.satisfies((run) -> assertThat(run.serverDrops()).isZero()));
		String markdown = report.markdown(options);
		assertThat(markdown).contains("## Events from one publisher (unix, median of 1)", "| 1 | ", "| 3 | ",
				"unix, events to 1 subscriber: events/s ≥ the same server's add calls/s at C=1 × W=64",
				"| events/S3 events/s per subscriber | ");
		assertThat(markdown).doesNotContain("## Servers under the load generator", "## Observations off and on");
	}

	@Test
	void lbCellSpreadsCallsOverThreeServersAndReportsItsRows() throws IOException {
		Path sampleJar = PeerProcesses.findSampleJar();
		assumeTrue(sampleJar != null, "sample-server's exec jar is built by the reactor's package phase");
		HarnessOptions options = HarnessOptions.parse(new String[] { "--smoke", "--lb-only" });
		options.sampleJar = sampleJar;
		options.clientThreads = 2;
		options.clientInFlight = 4;
		options.window = Duration.ofMillis(200);
		options.warmup = Duration.ofMillis(100);
		options.serverWarmup = Duration.ofMillis(200);
		options.clientWarmup = Duration.ofMillis(100);
		options.logDir = Path.of("target", "bench-logs", "smoke-test-lb");

		Report report = Harness.run(options, "HarnessSmokeTest lb");

		assertThat(report.wrongAnswers).isZero();
		List<String> modes = List.of(Report.SYNC_1, Report.syncMode(2), Report.asyncMode(4));
		List<String> expected = new ArrayList<>();
		for (String mode : modes) {
			expected.add(Report.lbKey(mode, Report.LB) + " calls/s");
			expected.add(Report.lbKey(mode, Report.LB_DIRECT) + " calls/s");
		}
		assertThat(report.figures()).extracting(Report.Figure::name)
			.filteredOn((name) -> name.endsWith(" calls/s"))
			.containsExactlyInAnyOrderElementsOf(expected);
		assertThat(report.figures()).allSatisfy((figure) -> assertThat(figure.value()).as(figure.name()).isPositive());
		// every one of the three servers answered calls through lb://calc
		assertThat(report.lbAnswered).hasSize(LbCell.SERVERS)
			.allSatisfy((server, calls) -> assertThat(calls).as(server).isPositive());
		assertThat(report.lbAnswered.keySet()).allSatisfy(
				(server) -> assertThat(server).matches("sample-server-lb-[1-3] \\(tcp://127\\.0\\.0\\.1:[0-9]+\\)"));
		String markdown = report.markdown(options);
		assertThat(markdown).contains("## lb:// over three servers next to one direct connection (tcp, median of 1)",
				"| mode | lb://calc, 3 servers | direct tcp://, 1 server | lb/direct |", "| sync, 1 thread | ",
				"| async, 4 in flight | ", "Calls answered per server through `lb://calc`",
				"| lb/async, 4 in flight/lb://calc, 3 servers | ");
		assertThat(markdown).doesNotContain("## Servers under the load generator", "## Events from one publisher");
	}

	@Test
	void ioCellMeasuresEachTransportSideBySideAndReportsItsRows() throws IOException {
		Path sampleJar = PeerProcesses.findSampleJar();
		assumeTrue(sampleJar != null, "sample-server's exec jar is built by the reactor's package phase");
		HarnessOptions options = HarnessOptions.parse(new String[] { "--smoke", "--io-only", "--io", "nio,epoll" });
		options.sampleJar = sampleJar;
		options.ioTransports = List.of("unix");
		options.clientInFlight = 4;
		options.window = Duration.ofMillis(200);
		options.warmup = Duration.ofMillis(100);
		options.serverWarmup = Duration.ofMillis(200);
		options.clientWarmup = Duration.ofMillis(100);
		options.logDir = Path.of("target", "bench-logs", "smoke-test-io");

		Report report = Harness.run(options, "HarnessSmokeTest io");

		assertThat(report.wrongAnswers).isZero();
		assertThat(report.io.kinds).containsExactly("nio", "epoll");
		assertThat(report.io.rows).containsExactly("unix C=1 × W=64, sample-server", "unix C=1 × W=64, limit",
				"unix C=4 × W=64, sample-server", "unix C=4 × W=64, limit",
				"our client → sample-server, unix, sync, 1 thread",
				"our client → sample-server, unix, async, 4 in flight");
		for (String row : report.io.rows) {
			assertThat(report.io.runs("nio", row)).as(row).singleElement().satisfies((v) -> assertThat(v).isPositive());
			assertThat(report.io.runs("epoll", row)).as(row)
				.singleElement()
				.satisfies((v) -> assertThat(v).isPositive());
		}
		String markdown = report.markdown(options);
		assertThat(markdown).contains("## Transports side by side (--io; median and min–max of 1 runs)",
				"| calls/s | nio | epoll | epoll/nio |", "| unix C=1 × W=64, sample-server | ",
				"native vs nio (sample-server, geometric mean of 2 cells): epoll/nio > 1 + spread", "epoll/nio = ");
		assertThat(markdown).doesNotContain("## Servers under the load generator", "## Events from one publisher");
		assertThat(Files.readString(options.logDir.resolve("sample-server-epoll-unix.log"))).contains("I/O with epoll");
		assertThat(Files.readString(options.logDir.resolve("sample-server-nio-unix.log"))).contains("I/O with nio");
	}

	@Test
	void payloadCellComparesEveryAnswerAndReportsItsRows() throws IOException {
		Path sampleJar = PeerProcesses.findSampleJar();
		assumeTrue(sampleJar != null, "sample-server's exec jar is built by the reactor's package phase");
		HarnessOptions options = HarnessOptions.parse(new String[] { "--smoke", "--payload-only" });
		options.sampleJar = sampleJar;
		String node = NodeProcess.commandOrSkip();
		options.node = (node != null) ? node : "none";
		options.nodeRequired = node != null;
		options.clientInFlight = 8;
		options.window = Duration.ofMillis(300);
		options.warmup = Duration.ofMillis(150);
		options.serverWarmup = Duration.ofMillis(300);
		options.clientWarmup = Duration.ofMillis(100);
		options.logDir = Path.of("target", "bench-logs", "smoke-test-payload");

		Report report = Harness.run(options, "HarnessSmokeTest payload");

		assertThat(report.wrongAnswers).isZero();
		List<String> expected = new ArrayList<>();
		for (String method : PayloadResults.METHODS) {
			expected.add(PayloadResults.key(method, PayloadResults.SAMPLE, PayloadResults.LOAD) + " calls/s");
			if (node != null) {
				expected.add(PayloadResults.key(method, PayloadResults.NODE, PayloadResults.LOAD) + " calls/s");
			}
			for (String mode : List.of(Report.SYNC_1, Report.asyncMode(8))) {
				expected.add(PayloadResults.key(method, PayloadResults.OURS, mode) + " calls/s");
				expected.add(PayloadResults.key(method, PayloadResults.GRPC, mode) + " calls/s");
			}
		}
		assertThat(report.figures()).extracting(Report.Figure::name).containsExactlyInAnyOrderElementsOf(expected);
		// A wrong byte, a call left unanswered or a failed put fails the run itself; a
		// window this short on a loaded machine may count no answer, so a figure may be
		// 0.
		assertThat(report.figures())
			.allSatisfy((figure) -> assertThat(figure.value()).as(figure.name()).isNotNegative());
		assertThat(report.payload.bytesPerCall("save")).isBetween(700.0, 1000.0);
		assertThat(report.payload.bytesPerCall("get")).isBetween(90_000.0, 120_000.0);
		String markdown = report.markdown(options);
		assertThat(markdown).contains("## Real payloads (unix, median of 1, min–max)",
				"| save | sample-server | load generator, C=1 × W=64 | ",
				"| get | our client → sample-server | async, 8 in flight | ", "| get | gRPC | async, 8 in flight | ");
		assertThat(markdown).doesNotContain("## Servers under the load generator", "## Events from one publisher");
	}

}
