package dev.socketipc.autoconfigure.observation;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.socketipc.autoconfigure.IpcService;

/**
 * The observation tests' service: {@code add} at once, {@code slow} and {@code slowAsync}
 * once {@link #release()} is called (or after 30 s).
 */
@IpcService
public class CalcService {

	private final CountDownLatch released = new CountDownLatch(1);

	public int add(int... numbers) {
		int sum = 0;
		for (int number : numbers) {
			sum += number;
		}
		return sum;
	}

	public String slow() throws InterruptedException {
		this.released.await(30, TimeUnit.SECONDS);
		return "done";
	}

	public CompletableFuture<String> slowAsync() {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return slow();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		});
	}

	/** Lets the slow calls answer. */
	public void release() {
		this.released.countDown();
	}

}
