package dev.socketipc.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload cell's runs (calls per second), by method, peer and mode, with the bytes
 * one call moves, for the report.
 */
final class PayloadResults {

	/** Our sample-server under the load generator. */
	static final String SAMPLE = "sample-server";

	/** The Node.js server under the load generator. */
	static final String NODE = "node";

	/** Our client against sample-server. */
	static final String OURS = "our client → sample-server";

	/** gRPC-java's client against its server. */
	static final String GRPC = "gRPC";

	/** The load generator's mode. */
	static final String LOAD = "load generator, C=1 × W=" + HarnessOptions.PAYLOAD_IN_FLIGHT;

	/** The methods measured, in order. */
	static final List<String> METHODS = List.of("save", "get");

	/** The client modes measured: one blocking thread, and the async in-flight count. */
	static List<String> clientModes(HarnessOptions options) {
		return List.of(Report.SYNC_1, Report.asyncMode(options.clientInFlight));
	}

	final Map<String, List<Double>> runs = new LinkedHashMap<>();

	/** Request and answer line bytes of one call, by method. */
	final Map<String, double[]> bytes = new LinkedHashMap<>();

	static String key(String method, String peer, String mode) {
		return "payload/" + method + "/" + mode + "/" + peer;
	}

	void add(String method, String peer, String mode, double callsPerSecond) {
		this.runs.computeIfAbsent(key(method, peer, mode), (k) -> new ArrayList<>()).add(callsPerSecond);
	}

	Double median(String method, String peer, String mode) {
		List<Double> values = this.runs.get(key(method, peer, mode));
		return (values == null || values.isEmpty()) ? null : Report.median(values, (v) -> v);
	}

	Double min(String method, String peer, String mode) {
		List<Double> values = this.runs.get(key(method, peer, mode));
		return (values == null || values.isEmpty()) ? null
				: values.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
	}

	Double max(String method, String peer, String mode) {
		List<Double> values = this.runs.get(key(method, peer, mode));
		return (values == null || values.isEmpty()) ? null
				: values.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
	}

	/** Bytes moved by one call of a method (request + answer lines). */
	double bytesPerCall(String method) {
		double[] b = this.bytes.get(method);
		return (b == null) ? 0 : b[0] + b[1];
	}

}
