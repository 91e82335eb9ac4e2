package dev.socketipc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Customizes how one method appears on the wire, on a service (server side) or an
 * {@code @IpcClient} interface (client side).
 *
 * <pre>{@code
 * &#64;IpcMethod("sum")                 // exposed as "sum" (or "calc.sum" in @IpcService("calc"))
 * public int add(int... numbers)
 *

 * &#64;IpcMethod(exposed = false)       // public, but never callable over IPC
 * public void reset()
 *
 *
&#64;IpcMethod(timeout = "5s")        // on an @IpcClient interface: this call's own timeout
 * Report build(String id);
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IpcMethod {

	/**
	 * The method's name on the wire, without the service prefix; empty for the Java name.
	 * @return the wire name
	 */
	String value() default "";

	/**
	 * Whether a service method is exposed at all; {@code false} hides a public method
	 * from the {@code register} message and from callers.
	 * @return whether the method is exposed
	 */
	boolean exposed() default true;

	/**
	 * Client side only: how long a call may wait for its answer, such as {@code 500ms},
	 * {@code 5s}, {@code 2m} or an ISO-8601 duration ({@code PT5S}); empty to use the
	 * server's or the global timeout. A property
	 * {@code ipc.client.servers.<name>.method-timeouts.<method>} overrides it.
	 * @return the timeout
	 */
	String timeout() default "";

	/**
	 * Client side only: whether calling the method twice has the same effect as calling
	 * it once, so that a call whose connection was lost after its request was written may
	 * be made again on another server of a balanced ({@code lb://}) client. Calls that
	 * were never written are retried elsewhere whatever this says. A property
	 * {@code ipc.client.servers.<name>.idempotent-methods} adds methods without the
	 * annotation.
	 * @return whether the method is idempotent
	 */
	boolean idempotent() default false;

	/**
	 * Server side only: where the method runs.
	 * @return the dispatch mode
	 */
	Dispatch dispatch() default Dispatch.AUTO;

	/**
	 * Where a service method runs on the server.
	 */
	enum Dispatch {

		/**
		 * {@link #DIRECT} for a method returning a {@code CompletionStage} (it promises
		 * to hand its work elsewhere and return at once), {@link #EXECUTOR} for any
		 * other.
		 */
		AUTO,

		/** On the server's executor: the method may block. */
		EXECUTOR,

		/**
		 * On the I/O thread that read the request, with no thread hop: the fastest path,
		 * for methods that never block (pure computation, or work handed to another
		 * thread). A blocking method here stalls every connection that shares the I/O
		 * thread.
		 */
		DIRECT

	}

}
