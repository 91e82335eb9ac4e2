package dev.socketipc.sample.client;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

import dev.socketipc.client.IpcException;

/**
 * The seed article's demo, in Java: starts {@code time} (slow) first and {@code add}
 * second, and prints each answer as it arrives, so {@code add} prints first.
 */
public class SeedDemo {

	private final Calculator calculator;

	/**
	 * Creates the demo.
	 * @param calculator the client of the seed service
	 */
	public SeedDemo(Calculator calculator) {
		this.calculator = calculator;
	}

	/**
	 * Runs the demo.
	 * @param out where to print the seed's two lines
	 * @throws IpcException when the server cannot be reached or a call fails
	 */
	public void run(PrintStream out) {
		CompletableFuture<Long> product = this.calculator.time(1, 2, 3, 4, 5);
		out.println("1+2+3+4+5 = " + this.calculator.add(1, 2, 3, 4, 5));
		try {
			out.println("1*2*3*4*5 = " + product.join());
		}
		catch (java.util.concurrent.CompletionException ex) {
			if (ex.getCause() instanceof IpcException ipc) {
				throw ipc;
			}
			throw ex;
		}
	}

}
