package dev.socketipc.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Answers a proxy's {@code Object} and default methods itself and hands every other call
 * to its {@link ClientMethod}, which calls through the proxy's {@link ClientTarget}.
 */
final class ClientInvocationHandler implements InvocationHandler {

	private final Class<?> type;

	private final ClientTarget target;

	private final Map<Method, ClientMethod> methods;

	ClientInvocationHandler(Class<?> type, ClientTarget target, Map<Method, ClientMethod> methods) {
		this.type = type;
		this.target = target;
		this.methods = methods;
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		if (method.getDeclaringClass() == Object.class) {
			return switch (method.getName()) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				case "toString" -> "IpcClient[" + this.type.getSimpleName() + " -> " + this.target.describe() + "]";
				default -> method.invoke(this, args);
			};
		}
		if (method.isDefault()) {
			return InvocationHandler.invokeDefault(proxy, method, args);
		}
		return this.methods.get(method).invoke(this.target, args);
	}

}
