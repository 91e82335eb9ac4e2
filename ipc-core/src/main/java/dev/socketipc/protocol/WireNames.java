package dev.socketipc.protocol;

import java.lang.reflect.Method;

import dev.socketipc.annotation.IpcMethod;

/**
 * The rule for a method's name on the wire, which a server and its clients must agree on:
 * the method's {@link IpcMethod#value()} or, when empty, its Java name, after the service
 * prefix and a dot when there is a prefix.
 */
public final class WireNames {

	/** What joins a prefix to a name. */
	public static final String SEPARATOR = ".";

	/**
	 * What the names of the protocol's own methods start with; no service method may.
	 */
	public static final String RESERVED_PREFIX = "$";

	/** Subscribes the connection to the topic of its one argument. */
	public static final String SUBSCRIBE = "$subscribe";

	/** Ends the connection's subscription to the topic of its one argument. */
	public static final String UNSUBSCRIBE = "$unsubscribe";

	private WireNames() {
	}

	/**
	 * Joins a prefix and a name.
	 * @param prefix the service's or client's prefix, empty for none
	 * @param name the method's name without prefix
	 * @return {@code name}, or {@code prefix + "." + name}
	 */
	public static String of(String prefix, String name) {
		return prefix.isEmpty() ? name : prefix + SEPARATOR + name;
	}

	/**
	 * The wire name of a Java method under a prefix.
	 * @param prefix the service's or client's prefix, empty for none
	 * @param method the method, read for {@link IpcMethod#value()}
	 * @return the name on the wire
	 */
	public static String of(String prefix, Method method) {
		return of(prefix, name(method));
	}

	/**
	 * The name of a Java method without prefix: its {@link IpcMethod#value()} or, when
	 * empty, its Java name.
	 * @param method the method
	 * @return the name without prefix
	 */
	public static String name(Method method) {
		IpcMethod annotation = method.getAnnotation(IpcMethod.class);
		return (annotation != null && !annotation.value().isEmpty()) ? annotation.value() : method.getName();
	}

}
