package dev.socketipc.sample.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.autoconfigure.IpcService;

/**
 * The seed article's service: {@code add} sums its arguments at once, {@code time}
 * multiplies them after a second.
 */
@IpcService
public class SeedService {

	/**
	 * Sums the numbers. Pure computation, so it runs on the I/O thread with no executor
	 * hop.
	 * @param numbers the numbers
	 * @return their sum
	 */
	@IpcMethod(dispatch = IpcMethod.Dispatch.DIRECT)
	public int add(int... numbers) {
		int sum = 0;
		for (int number : numbers) {
			sum += number;
		}
		return sum;
	}

	/**
	 * Multiplies the numbers, answering after one second without holding a thread, like
	 * the seed's Promise.
	 * @param numbers the numbers
	 * @return a future of their product
	 */
	public CompletableFuture<Integer> time(int... numbers) {
		int product = 1;
		for (int number : numbers) {
			product *= number;
		}
		int result = product;
		return CompletableFuture.supplyAsync(() -> result, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
	}

}
