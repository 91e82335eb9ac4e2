package dev.socketipc.server;

/**
 * Maps the exceptions of an application's services to the code and message their callers
 * read, in one place (the role of gRPC's {@code GrpcExceptionHandler}). Register one with
 * {@link IpcServerBuilder#exceptionHandler} or, with the auto-configuration, as a bean;
 * several are asked in order (beans in {@code @Order}) and the first answer wins.
 *
 * <p>
 * An exception no handler maps stays {@code SERVICE_ERROR}, with what
 * {@link ErrorDetails} lets through; an {@link IpcServiceException} thrown by the method
 * is answered as it is, without asking the handlers. A handler that throws is logged and
 * the call is answered as if it had mapped nothing. Handlers run on whichever thread the
 * call finished on and must be thread-safe.
 *
 * <pre>{@code
 * IpcExceptionHandler handler = (method, exception) -> (exception instanceof NoSuchElementException)
 *         ? new IpcServiceException("NOT_FOUND", exception.getMessage(), exception) : null;
 * }</pre>
 */
@FunctionalInterface
public interface IpcExceptionHandler {

	/**
	 * Maps an exception a method threw (or its stage failed with, unwrapped from
	 * {@code CompletionException}).
	 * @param method the method's wire name
	 * @param exception what it threw
	 * @return the code and message to answer with, counted as meant for the caller;
	 * {@code null} to leave the exception to the next handler
	 */
	IpcServiceException handle(String method, Throwable exception);

}
