package dev.socketipc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an interface whose calls go to an IPC server. The starter registers a bean for
 * it (found in the application's packages, or as {@code @EnableIpcClients} says), so it
 * can be injected anywhere.
 *
 * <pre>{@code
 * &#64;IpcClient("calculator")       // address and timeout from ipc.client.servers.calculator.*
 * interface Calculator {
 *     int add(int... numbers);                          // waits for the answer
 *     CompletableFuture<Integer> time(int... numbers);  // never blocks the caller
 * }
 * }</pre>
 *
 * <p>
 * Every interface naming the same server shares one multiplexed connection.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IpcClient {

	/**
	 * The server's name, which selects {@code ipc.client.servers.<name>.*}.
	 * @return the server name
	 */
	String value() default "";

	/**
	 * The server's address, {@code unix:/path} or {@code tcp://host:port}; placeholders
	 * such as {@code ${calc.address}} are resolved. Overrides
	 * {@code ipc.client.servers.<name>.address} when set.
	 * @return the address
	 */
	String address() default "";

	/**
	 * Prepended with a dot to every method's wire name, matching a server's
	 * {@code @IpcService("calc")}.
	 * @return the prefix, empty for bare names
	 */
	String prefix() default "";

}
