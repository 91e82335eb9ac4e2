package dev.socketipc.client;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import dev.socketipc.transport.DurationText;

/**
 * How an {@code @IpcClient} proxy calls its server: the wire-name prefix, the timeouts, and whether calls wait for an
 * unavailable server.
 *
 * @param prefix prepended with a dot to every method's wire name ({@code "calc"} calls {@code calc.add}); empty for
 * bare names
 * @param timeout the timeout of a method with none of its own
 * @param methodTimeouts timeouts by Java method name or wire name; they take precedence over
 * {@code @IpcMethod(timeout)}
 * @param waitForReady whether a call made while the server is unavailable (a connection attempt has failed and none
 * has succeeded since) waits for it until its timeout; when {@code false} (the default) it fails at once with an
 * {@link IpcConnectionException}. Calls made while the first attempt is in progress wait for it either way.
 */
public record ClientOptions(String prefix, Duration timeout, Map<String, Duration> methodTimeouts,
		boolean waitForReady) {

	/** The default timeout of a call. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Validates the options.
	 * @param prefix the wire-name prefix
	 * @param timeout the default timeout
	 * @param methodTimeouts the per-method timeouts
	 * @param waitForReady whether calls wait for an unavailable server
	 */
	public ClientOptions {
		Objects.requireNonNull(prefix, "prefix");
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive, got " + DurationText.format(timeout));
		}
		methodTimeouts = Map.copyOf(methodTimeouts);
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

	/**
	 * Returns options with bare names, the default timeout, and calls that fail fast while the server is unavailable.
	 * @return the defaults
	 */
	public static ClientOptions defaults() {
		return new ClientOptions("", DEFAULT_TIMEOUT, Map.of());
	}

	/**
	 * Returns these options with calls that wait for an unavailable server, or fail fast.
	 * @param waitForReady whether calls wait for an unavailable server until their timeout
	 * @return new options
	 */
	public ClientOptions withWaitForReady(boolean waitForReady) {
		return new ClientOptions(this.prefix, this.timeout, this.methodTimeouts, waitForReady);
	}

}
