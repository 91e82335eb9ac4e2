package dev.socketipc.client;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One call of an {@code @IpcClient} proxy, as {@link IpcClientInterceptor interceptors}
 * see it: the server, the method's wire name, the Java method and the arguments as they
 * go on the wire (varargs spread). Immutable and thread-safe; the arguments themselves
 * are the caller's objects.
 */
public final class IpcClientCall {

	private final String server;

	private final String method;

	private final Method javaMethod;

	private final Object[] arguments;

	IpcClientCall(String server, String method, Method javaMethod, Object[] arguments) {
		this.server = server;
		this.method = method;
		this.javaMethod = javaMethod;
		this.arguments = arguments;
	}

	/**
	 * Returns the name of the server called: the {@code @IpcClient} server name, or
	 * {@link ClientOptions#server()}.
	 * @return the server name, empty for a proxy whose options name none
	 */
	public String server() {
		return this.server;
	}

	/**
	 * Returns the method's wire name, prefix included.
	 * @return the wire name
	 */
	public String method() {
		return this.method;
	}

	/**
	 * Returns the interface method the caller called.
	 * @return the Java method
	 */
	public Method javaMethod() {
		return this.javaMethod;
	}

	/**
	 * Returns the arguments as they go on the wire, varargs spread.
	 * @return an unmodifiable list; elements may be {@code null}
	 */
	public List<Object> arguments() {
		return Collections.unmodifiableList(Arrays.asList(this.arguments.clone()));
	}

	/**
	 * Returns a copy of this call with other arguments, for an interceptor that changes
	 * them before it proceeds.
	 * @param arguments the arguments as they go on the wire
	 * @return the new call
	 */
	public IpcClientCall withArguments(Object... arguments) {
		return new IpcClientCall(this.server, this.method, this.javaMethod, arguments.clone());
	}

	Object[] wireArguments() {
		return this.arguments;
	}

	@Override
	public String toString() {
		return "IpcClientCall[" + this.server + " " + this.method + "]";
	}

}
