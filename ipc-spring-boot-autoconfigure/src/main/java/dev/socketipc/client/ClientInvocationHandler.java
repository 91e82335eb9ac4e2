package dev.socketipc.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Sends each interface call through the connection, using the metadata parsed once per method.
 */
final class ClientInvocationHandler implements InvocationHandler {

	private final Class<?> type;

	private final IpcConnection connection;

	private final Map<Method, ClientMethod> methods;

	ClientInvocationHandler(Class<?> type, IpcConnection connection, Map<Method, ClientMethod> methods) {
		this.type = type;
		this.connection = connection;
		this.methods = methods;
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		if (method.getDeclaringClass() == Object.class) {
			return switch (method.getName()) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				case "toString" -> "IpcClient[" + this.type.getSimpleName() + " -> " + this.connection.address() + "]";
				default -> method.invoke(this, args);
			};
		}
		if (method.isDefault()) {
			return InvocationHandler.invokeDefault(proxy, method, args);
		}
		ClientMethod call = this.methods.get(method);
		CompletableFuture<Object> result = this.connection.call(call.wireName, call.wireArguments(args),
				call.resultType, call.timeout);
		if (call.kind == ClientMethod.Kind.ASYNC) {
			return result;
		}
		Object value = await(call, result);
		return (call.kind == ClientMethod.Kind.VOID) ? null : call.checkResult(value);
	}

	private static Object await(ClientMethod call, CompletableFuture<Object> result) {
		try {
			return result.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException("Interrupted while waiting for IPC call '" + call.wireName + "'", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				// Only this caller sees the exception: give it the caller's stack rather than the I/O thread's.
				runtime.fillInStackTrace();
				throw runtime;
			}
			throw new IpcException("IPC call '" + call.wireName + "' failed: " + cause, cause);
		}
	}

}
