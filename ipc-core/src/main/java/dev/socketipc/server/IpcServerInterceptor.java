package dev.socketipc.server;

/**
 * Runs around every call the server runs: sees the method name, the arguments and the
 * peer, and the outcome as what {@link IpcServerCall#proceed()} returns or throws. It can
 * answer instead of the method by returning a value without proceeding, or refuse the
 * call with a code by throwing an {@link IpcServiceException}. Whatever else it throws is
 * answered as the method's own failure would be ({@code SERVICE_ERROR} unless an
 * {@link IpcExceptionHandler} maps it): a call is never dropped.
 *
 * <p>
 * Register one with {@link IpcServerBuilder#interceptor} or, with the auto-configuration,
 * as a bean; they apply in order (beans in {@code @Order}), the first one outermost. An
 * interceptor runs on the thread that runs the call, the executor or, for a direct
 * method, the I/O thread, and must be thread-safe.
 *
 * <pre>{@code
 * IpcServerInterceptor adminsOnly = (call) -> {
 *     if (call.method().startsWith("admin.") && call.peer().credentials().isEmpty()) {
 *         throw new IpcServiceException("FORBIDDEN", "admin methods are served on the Unix socket only", null);
 *     }
 *     return call.proceed();
 * };
 * }</pre>
 */
@FunctionalInterface
public interface IpcServerInterceptor {

	/**
	 * Handles one call.
	 * @param call the call, whose {@link IpcServerCall#proceed()} runs the rest of the
	 * chain
	 * @return the call's result: usually what {@code proceed()} returned
	 * @throws Throwable to fail the call
	 */
	Object intercept(IpcServerCall call) throws Throwable;

}
