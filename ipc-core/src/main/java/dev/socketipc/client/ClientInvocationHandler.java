package dev.socketipc.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends each interface call through the connection, using the metadata parsed once per method.
 */
final class ClientInvocationHandler implements InvocationHandler {

	/**
	 * How long a blocking caller waits past its call's timeout before giving up by itself: the timer ends every call
	 * at its timeout, so this bound is only a backstop that no call should ever reach.
	 */
	private static final Duration BACKSTOP_GRACE = Duration.ofSeconds(5);

	private final Class<?> type;

	private final IpcConnection connection;

	private final Map<Method, ClientMethod> methods;

	private final boolean waitForReady;

	ClientInvocationHandler(Class<?> type, IpcConnection connection, Map<Method, ClientMethod> methods,
			boolean waitForReady) {
		this.type = type;
		this.connection = connection;
		this.methods = methods;
		this.waitForReady = waitForReady;
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
				call.resultType, call.timeout, this.waitForReady);
		if (call.kind == ClientMethod.Kind.ASYNC) {
			return result;
		}
		Object value = await(call, result);
		return (call.kind == ClientMethod.Kind.VOID) ? null : call.checkResult(value);
	}

	private static Object await(ClientMethod call, CompletableFuture<Object> result) {
		try {
			return result.get(backstopNanos(call.timeout), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new IpcTimeoutException("IPC call '" + call.wireName + "' got no answer within "
					+ Durations.format(call.timeout), call.timeout, null);
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

	private static long backstopNanos(Duration timeout) {
		try {
			return timeout.plus(BACKSTOP_GRACE).toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

}
