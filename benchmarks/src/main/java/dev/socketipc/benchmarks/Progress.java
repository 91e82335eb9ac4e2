package dev.socketipc.benchmarks;

/** The harness's progress lines, on standard error so the report alone goes to stdout. */
final class Progress {

	private Progress() {
	}

	static void say(String message) {
		System.err.println("[bench] " + message);
	}

}
