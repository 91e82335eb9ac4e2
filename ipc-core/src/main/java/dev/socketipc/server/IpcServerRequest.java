package dev.socketipc.server;

import java.util.Map;

import dev.socketipc.transport.IpcAddress;

/**
 * One request line as an {@link IpcServerObserver} sees it when the call starts, before
 * its arguments are bound.
 */
public interface IpcServerRequest {

	/**
	 * Returns the method's name as sent on the wire; a name the server does not expose
	 * comes from the peer, so key nothing unbounded by it unless {@link #known()}.
	 * @return the wire name
	 */
	String method();

	/**
	 * Tells whether the server exposes the method.
	 * @return {@code false} for a call answered {@code METHOD_NOT_FOUND}
	 */
	boolean known();

	/**
	 * Returns the request's {@code meta} object, such as a {@code traceparent}.
	 * @return an unmodifiable map, empty when none was sent
	 */
	Map<String, String> meta();

	/**
	 * Returns the connection that sent the request.
	 * @return the peer
	 */
	IpcPeer peer();

	/**
	 * Returns the address the server is bound to, a TCP port 0 resolved.
	 * @return the server's address
	 */
	IpcAddress serverAddress();

	/**
	 * Tells whether the request is a notification: it has no {@code rid} and gets no
	 * answer when it succeeds.
	 * @return {@code true} without a {@code rid}
	 */
	boolean notification();

}
