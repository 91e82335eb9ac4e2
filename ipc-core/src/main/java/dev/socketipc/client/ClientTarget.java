package dev.socketipc.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Where a proxy's calls go: one connection ({@link ConnectionTarget}), or the connection
 * a balancer chooses for each attempt ({@link BalancedTarget}). Implementations are
 * immutable and thread-safe.
 */
interface ClientTarget {

	/**
	 * Makes a call through the method's interceptors.
	 * @param method the method
	 * @param args the wire arguments
	 * @return the future result
	 */
	CompletableFuture<Object> call(ClientMethod method, Object[] args);

	/**
	 * Returns the cold publisher of a streaming method's items.
	 * @param method the method
	 * @param args the wire arguments
	 * @return the publisher
	 */
	Flow.Publisher<Object> stream(ClientMethod method, Object[] args);

	/**
	 * Returns the cold publisher of an {@code @IpcTopic} method's events.
	 * @param method the method
	 * @return the publisher
	 */
	Flow.Publisher<Object> topic(ClientMethod method);

	/**
	 * Returns what the proxy calls, for its {@code toString}.
	 * @return an address or a balancer's description
	 */
	String describe();

	/**
	 * Returns how a synchronous caller waits before it parks: a short spin when the
	 * target is one connection that allows it.
	 * @return the spin, {@link SpinWait#NONE} for none
	 */
	default SpinWait spinWait() {
		return SpinWait.NONE;
	}

}
