package dev.socketipc.autoconfigure.client.scanned;

import java.util.concurrent.CompletableFuture;

import dev.socketipc.annotation.IpcClient;

/**
 * A second client of the server named {@code calc}: it shares the connection of
 * {@link CalcClient}.
 */
@IpcClient("calc")
public interface CalcAdmin {

	String echo(String text);

	/** Never answered by the test server. */
	CompletableFuture<Integer> stall();

}
