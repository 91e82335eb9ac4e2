package dev.socketipc.protocol;

import java.util.List;

/**
 * The names of the protocol's extensions a server lists in the {@code features} array of
 * its {@code register} line. A peer ignores names it does not know; new extensions are
 * appended, so the order of the names already listed never changes.
 */
public final class WireFeatures {

	/** The heartbeat: {@code {"action":"ping"}} answered by {@code {"action":"pong"}}. */
	public static final String PING = "ping";

	/** The {@code meta} object of a request (trace context and the like). */
	public static final String META = "meta";

	/** What this implementation's server lists, in this order. */
	public static final List<String> SERVER = List.of(PING, META);

	private WireFeatures() {
	}

}
