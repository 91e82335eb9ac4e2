package dev.socketipc.server;

import java.util.List;
import java.util.Map;

/**
 * One call as an {@link IpcServerInterceptor} sees it: the method called, its arguments,
 * the peer, and the rest of the chain. Valid only during
 * {@link IpcServerInterceptor#intercept}, on the thread that runs it.
 */
public interface IpcServerCall {

	/**
	 * Returns the method's name on the wire, prefix included.
	 * @return the wire name
	 */
	String method();

	/**
	 * Returns the arguments, already bound to the method's parameter types (a varargs
	 * array as one element).
	 * @return an unmodifiable view of the arguments
	 */
	List<Object> arguments();

	/**
	 * Returns the connection that sent the call.
	 * @return the peer
	 */
	IpcPeer peer();

	/**
	 * Returns the request's {@code meta} object: string keys to string values, such as
	 * {@code traceparent}, in the order sent.
	 * @return an unmodifiable map, empty when the request carried none
	 */
	default Map<String, String> meta() {
		return Map.of();
	}

	/**
	 * Runs the next interceptor, or the method after the last one.
	 * @return what the method returned: its value, or the {@code CompletionStage} of an
	 * asynchronous method
	 * @throws Throwable what the method or a later interceptor threw
	 */
	Object proceed() throws Throwable;

}
