package dev.socketipc.client;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import dev.socketipc.transport.IpcAddress;

/**
 * Spreads the calls of an {@code @IpcClient} proxy over several servers of one service:
 * for each attempt of each call it chooses the connection the attempt goes through. A
 * proxy made by
 * {@link IpcClientFactory#create(Class, IpcBalancer, dev.socketipc.protocol.WireCodec, ClientOptions)}
 * asks it once per attempt and fails over as follows:
 * <ul>
 * <li>an attempt whose request was never written (the connection was refused, TLS failed,
 * the server closed before its {@code register}: an {@link IpcConnectionException} whose
 * {@link IpcConnectionException#requestSent()} is {@code false}) is made again on another
 * server, avoiding the ones tried, up to {@link #maxRetriesOnNextServer()} times;</li>
 * <li>an attempt whose request was written and whose connection was then lost is made
 * again only when its method is idempotent ({@code @IpcMethod(idempotent = true)} or
 * {@link ClientOptions#idempotentMethods()}); any other such call fails with the
 * {@link IpcConnectionException};</li>
 * <li>an answer, remote error or timeout is never retried, and every attempt of a call
 * shares the call's one timeout: no call waits longer than its timeout in all.</li>
 * </ul>
 * Interceptors run around each attempt, once a connection is chosen, so that
 * {@link IpcClientCall#address()} is the address called.
 *
 * <p>
 * Implementations must be thread-safe and must not block: {@link Call#choose} returns a
 * stage. The Spring Boot auto-configuration implements it over Spring Cloud LoadBalancer
 * for {@code lb://<serviceId>} addresses.
 */
public interface IpcBalancer extends AutoCloseable {

	/**
	 * Starts balancing one call; the call asks the returned object for each of its
	 * attempts.
	 * @param method the wire name of the method called
	 * @return the call's chooser
	 */
	Call newCall(String method);

	/**
	 * Returns how many other servers a call may try after its first attempt failed
	 * without being answered (see the rules above).
	 * @return the retries, 0 for none; 1 by default
	 */
	default int maxRetriesOnNextServer() {
		return 1;
	}

	/**
	 * Returns what the balanced servers are, for messages and {@code toString}, such as
	 * {@code lb://calc}.
	 * @return the description
	 */
	String describe();

	/**
	 * Returns the connections the balancer holds now, by server address, for health
	 * reports.
	 * @return an unmodifiable snapshot; empty by default
	 */
	default Map<IpcAddress, IpcConnection> connections() {
		return Map.of();
	}

	/**
	 * Releases what the balancer holds (its connections, its refresh task); calls made
	 * after it fail with an {@link IpcConnectionException}. Does nothing by default.
	 */
	@Override
	default void close() {
	}

	/**
	 * The choices of one call.
	 */
	interface Call {

		/**
		 * Chooses the connection of the call's next attempt.
		 * @param avoid the addresses this call tried already: choose another one while
		 * any other is available
		 * @return a stage completing with the attempt, or with {@code null} when no
		 * server is available (the call then fails with an {@link IpcConnectionException}
		 * naming the service)
		 */
		CompletionStage<Attempt> choose(Set<IpcAddress> avoid);

	}

	/**
	 * One attempt of a call, on one server's connection.
	 */
	interface Attempt {

		/**
		 * Returns the connection the attempt goes through.
		 * @return the connection
		 */
		IpcConnection connection();

		/**
		 * Called exactly once when the attempt ended.
		 * @param result the converted answer, when it succeeded
		 * @param failure why it failed, {@code null} when it succeeded
		 */
		default void ended(Object result, Throwable failure) {
		}

	}

}
