package dev.socketipc.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Everything one harness run measured, collected run by run, with the median of each
 * figure; {@link ReportMarkdown} renders it.
 */
final class Report {

	static final String SAMPLE = "sample";

	static final String NODE = "node";

	static final String LIMIT = "limit";

	static final String OURS_TO_SAMPLE = "our client → sample-server";

	static final String OURS_TO_LIMIT = "our client → limit";

	static final String GRPC = "gRPC";

	/** Our server with no observer (the observations cell). */
	static final String OBSERVATIONS_OFF = "observations-off";

	/**
	 * Our server observed through a handler that does nothing: what Micrometer's
	 * Observation API itself costs (the observations cell).
	 */
	static final String OBSERVATIONS_FLOOR = "observations-floor";

	/**
	 * Our server observed into a SimpleMeterRegistry as Spring Boot sets it up, no
	 * tracer: {@code IpcMeterObservationHandler} first, Micrometer's default meter
	 * handler behind it (the observations cell).
	 */
	static final String OBSERVATIONS_ON = "observations-on";

	/**
	 * Our server observed into a SimpleMeterRegistry through Micrometer's
	 * {@code DefaultMeterObservationHandler} alone (the observations cell).
	 */
	static final String OBSERVATIONS_DEFAULT_HANDLER = "observations-on-default";

	/** The servers of the observations cell, in the order they are measured. */
	static final List<String> OBSERVATIONS = List.of(OBSERVATIONS_OFF, OBSERVATIONS_FLOOR, OBSERVATIONS_ON,
			OBSERVATIONS_DEFAULT_HANDLER);

	/**
	 * The events cell's server ({@link EventServer}), whose {@code add} calls/s stand
	 * next to its events.
	 */
	static final String EVENTS_SERVER = "events-server";

	/**
	 * The lb cell's proxies through {@code lb://calc} over its three servers.
	 */
	static final String LB = "lb://calc, 3 servers";

	/**
	 * The lb cell's proxies on one direct {@code tcp://} connection to the first of its
	 * servers.
	 */
	static final String LB_DIRECT = "direct tcp://, 1 server";

	/** The client mode of one thread making blocking calls. */
	static final String SYNC_1 = "sync, 1 thread";

	final List<String> notes = new ArrayList<>();

	final Map<String, List<LoadResult>> serverRuns = new LinkedHashMap<>();

	/** Runs of the transports cell ({@code --io}). */
	final IoRuns io = new IoRuns();

	final Map<String, List<Double>> clientRuns = new LinkedHashMap<>();

	final Map<Integer, List<ForkResult>> forkRuns = new LinkedHashMap<>();

	final List<String> clientModes = new ArrayList<>();

	/** Runs of the events cell, by number of subscribers. */
	final Map<Integer, List<EventResult>> eventRuns = new LinkedHashMap<>();

	/** Runs of the payload cell. */
	final PayloadResults payload = new PayloadResults();

	/** Runs of the lb cell, by {@link #lbKey}. */
	final Map<String, List<Double>> lbRuns = new LinkedHashMap<>();

	/** The client modes of the lb cell, in the order measured. */
	final List<String> lbModes = new ArrayList<>();

	/**
	 * Calls each server of the lb cell answered through {@code lb://calc} in all its runs
	 * (their warm-ups included), by server.
	 */
	final Map<String, Long> lbAnswered = new LinkedHashMap<>();

	String machine = "";

	String command = "";

	String settings = "";

	String foreignLoad = "not measured";

	IdleConnections.Result memory;

	List<JmhFigures.Figure> jmh = List.of();

	/** The startup cell's variants, in the order measured. */
	final List<StartupResult> startup = new ArrayList<>();

	long wrongAnswers;

	/** Measurements made again because other processes took CPU meanwhile. */
	int repeated;

	/** Measurements still disturbed by other processes after their retries. */
	final List<String> disturbed = new ArrayList<>();

	/**
	 * One run of the Node.js fork peer, as bench-fork.js prints it.
	 *
	 * @param callsPerSecond answers per second
	 * @param p50Micros median latency
	 * @param p99Micros 99th percentile latency
	 */
	record ForkResult(double callsPerSecond, double p50Micros, double p99Micros) {
	}

	/**
	 * A figure the report holds, for checks that every cell measured something.
	 *
	 * @param name where it is
	 * @param value its value
	 */
	record Figure(String name, double value) {
	}

	static String serverKey(String transport, int connections, int inFlight, String server) {
		return transport + "/C" + connections + "/W" + inFlight + "/" + server;
	}

	static String clientKey(String transport, String mode, String peer) {
		return transport + "/" + mode + "/" + peer;
	}

	void addServerRun(String transport, int connections, int inFlight, String server, LoadResult result) {
		this.serverRuns.computeIfAbsent(serverKey(transport, connections, inFlight, server), (k) -> new ArrayList<>())
			.add(result);
	}

	void addClientRun(String transport, String mode, String peer, double callsPerSecond) {
		if (!this.clientModes.contains(mode)) {
			this.clientModes.add(mode);
		}
		this.clientRuns.computeIfAbsent(clientKey(transport, mode, peer), (k) -> new ArrayList<>()).add(callsPerSecond);
	}

	void addEventRun(EventResult result) {
		this.eventRuns.computeIfAbsent(result.subscribers(), (k) -> new ArrayList<>()).add(result);
	}

	/** The median of one events-cell figure over the runs with S subscribers. */
	Double eventMedian(int subscribers, ToDoubleFunction<EventResult> value) {
		List<EventResult> runs = this.eventRuns.get(subscribers);
		return (runs == null || runs.isEmpty()) ? null : median(runs, value);
	}

	static String eventKey(int subscribers) {
		return "events/S" + subscribers;
	}

	static String lbKey(String mode, String peer) {
		return "lb/" + mode + "/" + peer;
	}

	void addLbRun(String mode, String peer, double callsPerSecond) {
		if (!this.lbModes.contains(mode)) {
			this.lbModes.add(mode);
		}
		this.lbRuns.computeIfAbsent(lbKey(mode, peer), (k) -> new ArrayList<>()).add(callsPerSecond);
	}

	void addLbAnswered(String server, long calls) {
		this.lbAnswered.merge(server, calls, Long::sum);
	}

	Double lbMedian(String mode, String peer) {
		List<Double> runs = this.lbRuns.get(lbKey(mode, peer));
		return (runs == null || runs.isEmpty()) ? null : median(runs, (v) -> v);
	}

	void addForkRun(int inFlight, ForkResult result) {
		this.forkRuns.computeIfAbsent(inFlight, (k) -> new ArrayList<>()).add(result);
	}

	/** Every figure measured, by name. */
	List<Figure> figures() {
		List<Figure> figures = new ArrayList<>();
		this.serverRuns.forEach((key, runs) -> {
			figures.add(new Figure(key + " calls/s", median(runs, LoadResult::callsPerSecond)));
			figures.add(new Figure(key + " p50", median(runs, LoadResult::p50Micros)));
		});
		this.clientRuns.forEach((key, runs) -> figures.add(new Figure(key + " calls/s", median(runs, (v) -> v))));
		this.forkRuns.forEach((w, runs) -> figures
			.add(new Figure("fork/W" + w + " calls/s", median(runs, ForkResult::callsPerSecond))));
		this.eventRuns.forEach((s, runs) -> {
			figures.add(new Figure(eventKey(s) + " events/s per subscriber", median(runs, EventResult::perSubscriber)));
			figures.add(new Figure(eventKey(s) + " events/s", median(runs, EventResult::eventsPerSecond)));
			figures.add(new Figure(eventKey(s) + " published", median(runs, EventResult::published)));
		});
		this.lbRuns.forEach((key, runs) -> figures.add(new Figure(key + " calls/s", median(runs, (v) -> v))));
		this.lbAnswered.forEach((server, calls) -> figures.add(new Figure("lb answered by " + server, calls)));
		this.payload.runs.forEach((key, runs) -> figures.add(new Figure(key + " calls/s", median(runs, (v) -> v))));
		if (this.memory != null) {
			figures.add(new Figure("idle connections registered", this.memory.registered()));
			figures.add(new Figure("server threads with idle connections", this.memory.threadsAfter()));
		}
		for (JmhFigures.Figure figure : this.jmh) {
			figures.add(new Figure("jmh " + figure.benchmark() + " ops/s", figure.opsPerSecond()));
		}
		for (StartupResult result : this.startup) {
			figures.add(new Figure("startup/" + result.variant().name() + " ms", result.median()));
		}
		return figures;
	}

	Double serverMedian(String transport, int c, int w, String server, ToDoubleFunction<LoadResult> value) {
		List<LoadResult> runs = this.serverRuns.get(serverKey(transport, c, w, server));
		return (runs == null || runs.isEmpty()) ? null : median(runs, value);
	}

	Double clientMedian(String transport, String mode, String peer) {
		List<Double> runs = this.clientRuns.get(clientKey(transport, mode, peer));
		return (runs == null || runs.isEmpty()) ? null : median(runs, (v) -> v);
	}

	static <T> double median(List<T> runs, ToDoubleFunction<T> value) {
		double[] values = runs.stream().mapToDouble(value).sorted().toArray();
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	/** The Markdown report, as the harness prints it. */
	String markdown(HarnessOptions options) {
		return new ReportMarkdown(this).render(options);
	}

	static String syncMode(int threads) {
		return (threads == 1) ? SYNC_1 : "sync, " + threads + " threads";
	}

	static String asyncMode(int inFlight) {
		return "async, " + inFlight + " in flight";
	}

}
