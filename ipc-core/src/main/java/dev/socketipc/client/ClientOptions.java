package dev.socketipc.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.socketipc.transport.DurationText;

/**
 * How an {@code @IpcClient} proxy calls its server: the wire-name prefix, the timeouts,
 * whether calls wait for an unavailable server, the server's name and the interceptors
 * around each call.
 *
 * @param prefix prepended with a dot to every method's wire name ({@code "calc"} calls
 * {@code calc.add}); empty for bare names
 * @param timeout the timeout of a method with none of its own
 * @param methodTimeouts timeouts by Java method name or wire name; they take precedence
 * over {@code @IpcMethod(timeout)}
 * @param waitForReady whether a call made while the server is unavailable (a connection
 * attempt has failed and none has succeeded since) waits for it until its timeout; when
 * {@code false} (the default) it fails at once with an {@link IpcConnectionException}.
 * Calls made while the first attempt is in progress wait for it either way.
 * @param server the server's name, as {@link IpcClientCall#server()} tells it and
 * {@link IpcClientInterceptor#servers()} matches it; empty (the default) for none
 * @param interceptors run around each call, the first one outermost; those whose
 * {@code servers()} do not name {@code server} are left out
 * @param idempotentMethods methods, by Java method name or wire name, that a balanced
 * client may make again on another server after a connection was lost with the request
 * written, as {@code @IpcMethod(idempotent = true)} marks them
 */
public record ClientOptions(String prefix, Duration timeout, Map<String, Duration> methodTimeouts, boolean waitForReady,
		String server, List<IpcClientInterceptor> interceptors, Set<String> idempotentMethods) {

	/** The default timeout of a call. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Validates the options.
	 * @param prefix the wire-name prefix
	 * @param timeout the default timeout
	 * @param methodTimeouts the per-method timeouts
	 * @param waitForReady whether calls wait for an unavailable server
	 * @param server the server's name
	 * @param interceptors the interceptors, in order
	 * @param idempotentMethods the methods a balanced client may make again
	 */
	public ClientOptions {
		Objects.requireNonNull(prefix, "prefix");
		Objects.requireNonNull(server, "server");
		checkTimeout("timeout", timeout);
		methodTimeouts = Map.copyOf(methodTimeouts);
		methodTimeouts.forEach((name, value) -> checkTimeout("method-timeouts." + name, value));
		interceptors = List.copyOf(interceptors);
		idempotentMethods = Set.copyOf(idempotentMethods);
	}

	/**
	 * Creates options with no idempotent method but those annotated.
	 * @param prefix the wire-name prefix
	 * @param timeout the default timeout
	 * @param methodTimeouts the per-method timeouts
	 * @param waitForReady whether calls wait for an unavailable server
	 * @param server the server's name
	 * @param interceptors the interceptors, in order
	 */
	public ClientOptions(String prefix, Duration timeout, Map<String, Duration> methodTimeouts, boolean waitForReady,
			String server, List<IpcClientInterceptor> interceptors) {
		this(prefix, timeout, methodTimeouts, waitForReady, server, interceptors, Set.of());
	}

	/**
	 * Creates options for an unnamed server and no interceptors.
	 * @param prefix the wire-name prefix
	 * @param timeout the default timeout
	 * @param methodTimeouts the per-method timeouts
	 * @param waitForReady whether calls wait for an unavailable server
	 */
	public ClientOptions(String prefix, Duration timeout, Map<String, Duration> methodTimeouts, boolean waitForReady) {
		this(prefix, timeout, methodTimeouts, waitForReady, "", List.of());
	}

	/**
	 * Creates options whose calls fail fast while the server is unavailable.
	 * @param prefix the wire-name prefix
	 * @param timeout the default timeout
	 * @param methodTimeouts the per-method timeouts
	 */
	public ClientOptions(String prefix, Duration timeout, Map<String, Duration> methodTimeouts) {
		this(prefix, timeout, methodTimeouts, false);
	}

	private static void checkTimeout(String name, Duration timeout) {
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, got " + DurationText.format(timeout));
		}
	}

	/**
	 * Returns options with bare names, the default timeout, and calls that fail fast
	 * while the server is unavailable.
	 * @return the defaults
	 */
	public static ClientOptions defaults() {
		return new ClientOptions("", DEFAULT_TIMEOUT, Map.of());
	}

	/**
	 * Returns these options with calls that wait for an unavailable server, or fail fast.
	 * @param waitForReady whether calls wait for an unavailable server until their
	 * timeout
	 * @return new options
	 */
	public ClientOptions withWaitForReady(boolean waitForReady) {
		return new ClientOptions(this.prefix, this.timeout, this.methodTimeouts, waitForReady, this.server,
				this.interceptors, this.idempotentMethods);
	}

	/**
	 * Returns these options with a server name.
	 * @param server the name interceptors see and match
	 * @return new options
	 */
	public ClientOptions withServer(String server) {
		return new ClientOptions(this.prefix, this.timeout, this.methodTimeouts, this.waitForReady, server,
				this.interceptors, this.idempotentMethods);
	}

	/**
	 * Returns these options with interceptors around each call.
	 * @param interceptors the interceptors, the first one outermost
	 * @return new options
	 */
	public ClientOptions withInterceptors(List<IpcClientInterceptor> interceptors) {
		return new ClientOptions(this.prefix, this.timeout, this.methodTimeouts, this.waitForReady, this.server,
				interceptors, this.idempotentMethods);
	}

	/**
	 * Returns these options with methods a balanced client may make again on another
	 * server after a connection was lost with the request written.
	 * @param idempotentMethods Java method names or wire names
	 * @return new options
	 */
	public ClientOptions withIdempotentMethods(Set<String> idempotentMethods) {
		return new ClientOptions(this.prefix, this.timeout, this.methodTimeouts, this.waitForReady, this.server,
				this.interceptors, idempotentMethods);
	}

}
