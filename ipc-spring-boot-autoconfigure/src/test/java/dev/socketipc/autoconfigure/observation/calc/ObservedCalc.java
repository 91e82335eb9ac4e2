package dev.socketipc.autoconfigure.observation.calc;

import java.util.concurrent.CompletableFuture;

import dev.socketipc.annotation.IpcClient;

/**
 * The client of the observation tests' server, named {@code calc}.
 */
@IpcClient("calc")
public interface ObservedCalc {

	int add(int... numbers);

	/**
	 * Exposed by {@code RelayService} only (of some tests), which calls {@code add} in
	 * turn.
	 */
	int relay(int a, int b);

	/** Not exposed by the server. */
	int missing();

	/** Answered once the test releases it. */
	String slow();

	/** Answered once the test releases it. */
	CompletableFuture<String> slowAsync();

}
