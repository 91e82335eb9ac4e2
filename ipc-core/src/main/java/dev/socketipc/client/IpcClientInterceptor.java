package dev.socketipc.client;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Runs around every call of an {@code @IpcClient} proxy: it sees the server, the method
 * and the arguments, and the result or the exception through the returned stage; it may
 * call {@link Chain#proceed} (with the same call or one built by
 * {@link IpcClientCall#withArguments}) and wrap what comes back, or answer without
 * calling the server.
 *
 * <p>
 * Interceptors run in their given order, the first one outermost, on the caller's thread
 * (for a balanced proxy, around each attempt: an attempt made again on another server
 * runs them on the thread that ended the previous one, often an I/O thread); the stage
 * they get from {@code proceed} completes on an I/O thread, so work that may block
 * belongs in an {@code *Async} stage. An interceptor that throws, or returns
 * {@code null}, fails that call with its exception (an {@link IpcException} for
 * {@code null}); the call is never left waiting. For a blocking method the stage's value
 * is returned to the caller as is, so an interceptor that answers by itself must answer
 * with a value of the method's return type.
 *
 * <p>
 * Methods that return a {@code Flow.Publisher} or {@code Flux} (streaming calls and
 * {@code @IpcTopic} subscriptions) do not pass through interceptors: their items arrive
 * over time rather than as one result stage.
 *
 * <pre>{@code
 * IpcClientInterceptor timing = (call, next) -> {
 *     long start = System.nanoTime();
 *     return next.proceed(call).whenComplete((result, failure) ->
 *         log.info("{} {} took {} µs", call.server(), call.method(), (System.nanoTime() - start) / 1000));
 * };
 * }</pre>
 */
@FunctionalInterface
public interface IpcClientInterceptor {

	/**
	 * Intercepts one call.
	 * @param call the call: server, method and arguments
	 * @param next the rest of the chain, ending with the call to the server
	 * @return the stage of the call's result, never {@code null}
	 */
	CompletionStage<Object> intercept(IpcClientCall call, Chain next);

	/**
	 * Names the servers whose calls this interceptor sees: the {@code @IpcClient} server
	 * names (the keys of {@code ipc.client.servers}), or for a proxy made with
	 * {@link IpcClientFactory} the {@link ClientOptions#server() server} of its options.
	 * @return the server names, empty (the default) for every server
	 */
	default Set<String> servers() {
		return Set.of();
	}

	/**
	 * The rest of an interceptor chain.
	 */
	@FunctionalInterface
	interface Chain {

		/**
		 * Passes the call on to the next interceptor, or to the server after the last
		 * one.
		 * @param call the call to make
		 * @return the stage of its result
		 */
		CompletionStage<Object> proceed(IpcClientCall call);

	}

}
