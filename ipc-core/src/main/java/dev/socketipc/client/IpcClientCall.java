package dev.socketipc.client;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.socketipc.transport.IpcAddress;

/**
 * One call of an {@code @IpcClient} proxy, as {@link IpcClientInterceptor interceptors}
 * see it: the server, the method's wire name, the Java method, the arguments as they go
 * on the wire (varargs spread), the address called and the {@code meta} to send with it.
 * Immutable and thread-safe; the arguments themselves are the caller's objects.
 */
public final class IpcClientCall {

	private final String server;

	private final String method;

	private final Method javaMethod;

	private final Object[] arguments;

	private final IpcAddress address;

	private final Map<String, String> meta;

	IpcClientCall(String server, String method, Method javaMethod, Object[] arguments, IpcAddress address,
			Map<String, String> meta) {
		this.server = server;
		this.method = method;
		this.javaMethod = javaMethod;
		this.arguments = arguments;
		this.address = address;
		this.meta = meta;
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
		return new IpcClientCall(this.server, this.method, this.javaMethod, arguments.clone(), this.address, this.meta);
	}

	/**
	 * Returns the address of the connection the proxy calls.
	 * @return the server's address
	 */
	public IpcAddress address() {
		return this.address;
	}

	/**
	 * Returns the {@code meta} the request carries (such as {@code traceparent}): sent
	 * only when not empty and only to a server whose {@code register} listed {@code meta}
	 * among its features, so that a seed server never sees it.
	 * @return an unmodifiable map, empty by default
	 */
	public Map<String, String> meta() {
		return this.meta;
	}

	/**
	 * Returns a copy of this call with other {@code meta}, for an interceptor that adds
	 * entries before it proceeds; the call that reaches the end of the chain is the one
	 * sent. The server refuses more than 16 entries or 4096 bytes of keys and values.
	 * @param meta string keys to string values, neither {@code null}
	 * @return the new call
	 */
	public IpcClientCall withMeta(Map<String, String> meta) {
		return new IpcClientCall(this.server, this.method, this.javaMethod, this.arguments, this.address,
				Collections.unmodifiableMap(new LinkedHashMap<>(checked(meta))));
	}

	private static Map<String, String> checked(Map<String, String> meta) {
		meta.forEach((key, value) -> {
			if (key == null || value == null) {
				throw new IllegalArgumentException(
						"IpcClientCall meta must not hold null keys or values, got " + key + "=" + value);
			}
		});
		return meta;
	}

	Object[] wireArguments() {
		return this.arguments;
	}

	@Override
	public String toString() {
		return "IpcClientCall[" + this.server + " " + this.method + "]";
	}

}
