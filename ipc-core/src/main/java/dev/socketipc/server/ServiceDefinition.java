package dev.socketipc.server;

import java.lang.reflect.Method;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An object whose public methods a server exposes, with the prefix their wire names take.
 *
 * @param prefix the name prefix: {@code "calc"} exposes {@code add} as {@code calc.add};
 * empty for bare names
 * @param target the object to invoke methods on (a Spring proxy included, so that its
 * aspects apply)
 * @param type the class whose public methods are exposed (for a proxy, the proxied class)
 * @param invocableMethod maps a method of {@code type} to the method to invoke on
 * {@code target}
 */
public record ServiceDefinition(String prefix, Object target, Class<?> type, UnaryOperator<Method> invocableMethod) {

	/**
	 * Validates the definition.
	 * @param prefix the name prefix
	 * @param target the object to invoke
	 * @param type the exposed class
	 * @param invocableMethod maps an exposed method to the one to invoke
	 */
	public ServiceDefinition {
		Objects.requireNonNull(prefix, "prefix");
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(invocableMethod, "invocableMethod");
	}

	/**
	 * Exposes a plain object's public methods.
	 * @param prefix the name prefix, empty for bare names
	 * @param target the object
	 * @return the definition
	 */
	public static ServiceDefinition of(String prefix, Object target) {
		return new ServiceDefinition(prefix, target, target.getClass(), UnaryOperator.identity());
	}

}
