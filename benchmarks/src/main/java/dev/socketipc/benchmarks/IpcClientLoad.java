package dev.socketipc.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcConnectionBuilder;
import dev.socketipc.transport.IoTransport;
import dev.socketipc.transport.IpcAddress;

/**
 * Our client end to end: {@code @IpcClient}-style proxies made with
 * {@link IpcClientFactory} over one {@link IpcConnection} with its defaults (one I/O
 * thread), driven by {@link ClientLoad}.
 */
final class IpcClientLoad implements AutoCloseable {

	/** The seed's {@code add}, blocking. */
	public interface Adder {

		int add(int... numbers);

	}

	/**
	 * The same remote {@code add}, asynchronous. A separate interface: the factory
	 * refuses two methods of one interface that share a wire name.
	 */
	public interface AsyncAdder {

		@IpcMethod("add")
		CompletableFuture<Integer> addAsync(int... numbers);

	}

	private final IpcConnection connection;

	private final Adder adder;

	private final AsyncAdder asyncAdder;

	IpcClientLoad(IpcAddress address) {
		this(address, null);
	}

	/**
	 * A client on a given I/O transport, {@code null} for the default
	 * ({@code ipc.transport}, auto when unset).
	 */
	IpcClientLoad(IpcAddress address, IoTransport transport) {
		this(address, transport, null);
	}

	/**
	 * A client on a given I/O transport with a given spin before a synchronous caller
	 * parks, {@code null} for the client's default ({@code --client-spin-wait-us}).
	 */
	IpcClientLoad(IpcAddress address, IoTransport transport, Duration spinWait) {
		IpcConnectionBuilder builder = IpcConnection.builder(address).transport(transport);
		if (spinWait != null) {
			builder.spinWait(spinWait);
		}
		this.connection = builder.build();
		this.adder = IpcClientFactory.create(Adder.class, this.connection, ClientOptions.defaults());
		this.asyncAdder = IpcClientFactory.create(AsyncAdder.class, this.connection, ClientOptions.defaults());
		this.connection.connect();
		int sum = this.adder.add(1, 2, 3, 4, 5);
		if (sum != 15) {
			throw new WrongAnswerException("our client against " + address + ": add(1,2,3,4,5) returned " + sum);
		}
	}

	double sync(int threads, Duration warmup, Duration window) {
		return sync("our client", this.adder, threads, warmup, window);
	}

	double async(int inFlight, Duration warmup, Duration window) {
		return async("our client", this.asyncAdder, inFlight, warmup, window);
	}

	/**
	 * Blocking calls of any {@link Adder} proxy from {@code threads} threads.
	 * @return calls per second over the window
	 */
	static double sync(String client, Adder adder, int threads, Duration warmup, Duration window) {
		return ClientLoad.sync(client + ", sync x" + threads, threads, () -> adder.add(1, 2, 3, 4, 5), warmup, window);
	}

	/**
	 * Asynchronous calls of any {@link AsyncAdder} proxy, {@code inFlight} at a time.
	 * @return calls per second over the window
	 */
	static double async(String client, AsyncAdder adder, int inFlight, Duration warmup, Duration window) {
		return ClientLoad.async(client + ", async x" + inFlight, inFlight,
				(onResult, onFailure) -> adder.addAsync(1, 2, 3, 4, 5).whenComplete((sum, failure) -> {
					if (failure != null) {
						onFailure.accept(failure);
					}
					else {
						onResult.accept(sum);
					}
				}), warmup, window);
	}

	@Override
	public void close() {
		this.connection.close();
	}

}
