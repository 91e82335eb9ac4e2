package dev.socketipc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a topic of events rather than a call.
 *
 * <p>
 * On a service (server side), a method without parameters returning
 * {@code Flow.Publisher<T>} (or Reactor's {@code Flux<T>}): each connection that
 * subscribes to the topic gets its own subscription to a publisher the method returns,
 * cancelled when the connection unsubscribes or closes; every item becomes an event of
 * the topic for that connection. The method is not listed in {@code methods}; the topic
 * is listed in {@code topics}.
 *
 * <p>
 * On an {@code @IpcClient} interface, a method without parameters returning
 * {@code Flow.Publisher<T>} (or {@code Flux<T>}): subscribing to what it returns sends
 * {@code $subscribe} (again after every reconnection), cancelling sends
 * {@code $unsubscribe} once no subscriber is left, and each event's {@code data} is read
 * as {@code T}. A subscriber more than 1024 events behind its demand loses the oldest;
 * the {@code Flow.Subscription} it gets is also a
 * {@code dev.socketipc.client.IpcSubscription} whose {@code droppedEvents()} counts them.
 *
 * <pre>{@code
 * &#64;IpcTopic("prices")
 * Flow.Publisher<Price> prices();
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IpcTopic {

	/**
	 * The topic's name on the wire: not empty and not starting with {@code $}.
	 * @return the topic
	 */
	String value();

}
