package dev.socketipc.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of any bean as a listener of a topic of an IPC server: the client
 * {@code ipc.client.servers.<client>} subscribes to the topic on every connection (the
 * first and each reconnection) and calls the method with each event's {@code data} read
 * as the method's one parameter type. Events are delivered in order, one at a time per
 * listener, on the application's task executor ({@code applicationTaskExecutor}, else a
 * thread of the client's own, {@code ipc-listener-<client>}; never the connection's I/O
 * thread, so the method may call the server synchronously); events published while the
 * client is disconnected are missed (at most once). Against a server without events (a
 * seed server) the listener logs one warning and calls keep working. What the method
 * throws is logged, at most once per 10 seconds per method, and later events still reach
 * it.
 *
 * <pre class="code">
 * &#64;Component
 * class PriceBoard {
 *
 *     &#64;IpcListener(client = "market", topic = "prices")
 *     void on(Price price) { ... }
 *
 * }
 * </pre>
 *
 * A method with no parameter, with more than one, or naming a client that is not
 * configured fails the application's startup, naming the bean and method.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IpcListener {

	/**
	 * The name of the client, as in {@code ipc.client.servers.<name>}.
	 * @return the client's name
	 */
	String client();

	/**
	 * The topic to listen to.
	 * @return the topic
	 */
	String topic();

}
