package dev.socketipc.autoconfigure;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The bean of an {@code @IpcClient} interface whose server is this application's own: a
 * proxy that forwards every call to the client proxy created once that server is bound
 * (the address it actually bound is only known then: a TCP port 0, a default socket taken
 * by another context, an in-process address). Calls made before the context started fail
 * with a message saying so. This class is thread-safe.
 */
final class OwnServerClient implements InvocationHandler {

	private final Class<?> type;

	private final String server;

	private volatile Object target;

	private OwnServerClient(Class<?> type, String server) {
		this.type = type;
		this.server = server;
	}

	static OwnServerClient of(Class<?> type, String server) {
		return new OwnServerClient(type, server);
	}

	<T> T proxy(Class<T> type) {
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, this));
	}

	void attach(Object client) {
		this.target = client;
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		if (method.getDeclaringClass() == Object.class) {
			return switch (method.getName()) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				default -> (this.target != null) ? this.target.toString()
						: "IpcClient " + this.type.getName() + " of this application's own IPC server, not started";
			};
		}
		Object client = this.target;
		if (client == null) {
			throw new IllegalStateException("Cannot call " + this.type.getSimpleName() + "." + method.getName()
					+ " yet: its server '" + this.server + "' is this application's own IPC server, whose address is "
					+ "known once it has started; call it after the application context has started");
		}
		try {
			return method.invoke(client, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
