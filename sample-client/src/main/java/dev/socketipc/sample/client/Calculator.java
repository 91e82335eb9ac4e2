package dev.socketipc.sample.client;

import java.util.concurrent.CompletableFuture;

import dev.socketipc.annotation.IpcClient;

/**
 * The seed demo's service as seen from Java: calls go to the server named
 * {@code sample-server} in {@code application.yml}.
 */
@IpcClient("sample-server")
public interface Calculator {

	/**
	 * Sums the numbers on the server; waits for the answer.
	 * @param numbers the numbers, sent as {@code "args":[1,2,3,4,5]}
	 * @return their sum
	 */
	int add(int... numbers);

	/**
	 * Multiplies the numbers on the server, which answers after a second; never blocks
	 * the caller.
	 * @param numbers the numbers
	 * @return a future of their product
	 */
	CompletableFuture<Long> time(int... numbers);

}
