package dev.socketipc.autoconfigure.client.contract;

import java.util.concurrent.CompletableFuture;

import dev.socketipc.annotation.IpcClient;

/**
 * A client of the Node.js seed server ({@code interop/seed-server.js}, which offers
 * {@code add} and {@code time}), named {@code seed}.
 */
@IpcClient("seed")
public interface SeedCalculator {

	int add(int... numbers);

	CompletableFuture<Long> time(int... numbers);

	/** Not offered by the seed server. */
	int divide(int a, int b);

}
