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

	/**
	 * Events: the server lists {@code topics} in its {@code register}, a client
	 * subscribes with {@code $subscribe} and receives {@code {"action":"event",...}}
	 * lines.
	 */
	public static final String EVENTS = "events";

	/**
	 * Streaming calls: a request with {@code "stream":true} gets its items as
	 * {@code {"action":"next",...}} lines before its final answer, and a client may send
	 * {@code {"action":"cancel","rid":R}}.
	 */
	public static final String STREAM = "stream";

	/** What this implementation's server lists, in this order. */
	public static final List<String> SERVER = List.of(PING, META, EVENTS, STREAM);

	private WireFeatures() {
	}

}
