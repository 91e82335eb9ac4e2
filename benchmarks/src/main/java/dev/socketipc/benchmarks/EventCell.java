package dev.socketipc.benchmarks;

import java.time.Duration;
import java.util.Locale;

import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import io.netty.channel.EventLoopGroup;

/**
 * The events cell: one {@link EventServer} process over a Unix socket; in each run, its
 * {@code add} calls/s under the load generator at C=1, W=
 * {@value HarnessOptions#EVENTS_CALLS_IN_FLIGHT}, then the events its publisher delivers
 * to each number of subscribers ({@link EventLoad}), measured in turn.
 */
final class EventCell {

	private final HarnessOptions options;

	private final Report report;

	private final QuietMeasurement quiet;

	private final PeerProcesses peers;

	private final EventLoopGroup group;

	/** Runs made against the server so far, the warm-up included. */
	private int runs;

	EventCell(HarnessOptions options, Report report, QuietMeasurement quiet, PeerProcesses peers,
			EventLoopGroup group) {
		this.options = options;
		this.report = report;
		this.quiet = quiet;
		this.peers = peers;
		this.group = group;
	}

	void run() {
		int w = HarnessOptions.EVENTS_CALLS_IN_FLIGHT;
		int sMax = this.options.eventSubscribers.stream().mapToInt(Integer::intValue).max().orElse(1);
		try (ServerProcess server = this.peers.startEvents();
				IpcConnection connection = IpcConnection.builder(server.address()).build()) {
			EventLoad.Control control = IpcClientFactory.create(EventLoad.Control.class, connection,
					ClientOptions.defaults());
			connection.connect();
			Progress.say("warming up " + server.name());
			calls(server, this.options.serverWarmup, Duration.ofMillis(200));
			events(server, control, sMax, this.options.serverWarmup, Duration.ofMillis(200));
			for (int run = 1; run <= this.options.runs; run++) {
				String what = String.format(Locale.ROOT, "run %d/%d unix  C=1 W=%-3d %-18s", run, this.options.runs, w,
						Report.EVENTS_SERVER);
				LoadResult calls = this.quiet.measure(what,
						() -> calls(server, this.options.warmup, this.options.window));
				this.report.addServerRun("unix", 1, w, Report.EVENTS_SERVER, calls);
				Progress.say(String.format(Locale.ROOT, "%s %,12.0f calls/s  p50 %7.1f µs%s", what,
						calls.callsPerSecond(), calls.p50Micros(), this.quiet.others()));
				for (int s : this.options.eventSubscribers) {
					String events = String.format(Locale.ROOT, "run %d/%d unix  events S=%-3d          ", run,
							this.options.runs, s);
					EventResult result = this.quiet.measure(events,
							() -> events(server, control, s, this.options.warmup, this.options.window));
					this.report.addEventRun(result);
					Progress.say(String.format(Locale.ROOT,
							"%s %,12.0f events/s per subscriber (%,.0f in all, slowest %,.0f)  dropped %d (server "
									+ "counted %d) of %d published%s",
							events, result.perSubscriber(), result.eventsPerSecond(), result.slowest(), result.drops(),
							result.serverDrops(), result.published(), this.quiet.others()));
				}
			}
		}
	}

	private LoadResult calls(ServerProcess server, Duration warmup, Duration window) {
		int w = HarnessOptions.EVENTS_CALLS_IN_FLIGHT;
		try {
			return LoadGenerator.run(this.group, new LoadGenerator.Config(server.address(), 1, w, warmup, window));
		}
		catch (WrongAnswerException ex) {
			throw new WrongAnswerException(server.name() + " (C=1, W=" + w + "): " + ex.getMessage());
		}
		finally {
			server.checkAlive();
		}
	}

	private EventResult events(ServerProcess server, EventLoad.Control control, int subscribers, Duration warmup,
			Duration window) {
		try {
			return EventLoad.run(this.group, control, new EventLoad.Config(++this.runs, server.address(), subscribers,
					this.options.eventCredit, warmup, window));
		}
		catch (WrongAnswerException ex) {
			throw new WrongAnswerException(server.name() + " (events, S=" + subscribers + "): " + ex.getMessage());
		}
		finally {
			server.checkAlive();
		}
	}

}
