package dev.socketipc.client;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import dev.socketipc.transport.DurationText;

/**
 * How an {@code @IpcClient} proxy calls its server: the wire-name prefix and the timeouts.
 *
 * @param prefix prepended with a dot to every method's wire name ({@code "calc"} calls {@code calc.add}); empty for
 * bare names
 * @param timeout the timeout of a method with none of its own
 * @param methodTimeouts timeouts by Java method name or wire name; they take precedence over
 * {@code @IpcMethod(timeout)}
 */
public record ClientOptions(String prefix, Duration timeout, Map<String, Duration> methodTimeouts) {

	/** The default timeout of a call. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Validates the options.
	 * @param prefix the wire-name prefix
	 * @param timeout the default timeout
	 * @param methodTimeouts the per-method timeouts
	 */
	public ClientOptions {
		Objects.requireNonNull(prefix, "prefix");
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive, got " + DurationText.format(timeout));
		}
		methodTimeouts = Map.copyOf(methodTimeouts);
	}

	/**
	 * Returns options with bare names and the default timeout.
	 * @return the defaults
	 */
	public static ClientOptions defaults() {
		return new ClientOptions("", DEFAULT_TIMEOUT, Map.of());
	}

}
