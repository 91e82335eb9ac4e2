package dev.socketipc.autoconfigure.client.scanned;

import java.util.concurrent.CompletableFuture;

import dev.socketipc.annotation.IpcClient;

/**
 * A client of the test server named {@code calc}, found by scanning this package.
 */
@IpcClient("calc")
public interface CalcClient {

	int add(int... numbers);

	/** Never answered by the test server. */
	int never();

	/** Never answered by the test server either; has its own timeout in some tests. */
	int hang();

	/** Never answered by the test server. */
	CompletableFuture<Integer> stall();

}
