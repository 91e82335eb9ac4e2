package dev.socketipc.client;

/**
 * A listener's subscription to a topic of one server, from
 * {@link IpcConnection#subscribe}. It lasts until cancelled or the connection is closed,
 * across reconnections: the connection sends {@code $subscribe} for its topic on every
 * connection whose server lists {@code events}. Events published while disconnected are
 * missed (at most once).
 */
public interface IpcSubscription extends AutoCloseable {

	/**
	 * Returns the topic.
	 * @return the topic's name
	 */
	String topic();

	/**
	 * Returns how many events were dropped because the listener fell behind by more than
	 * its buffer.
	 * @return the events dropped so far
	 */
	long droppedEvents();

	/**
	 * Ends the subscription; the connection sends {@code $unsubscribe} when no other
	 * subscription to the topic is left. Idempotent.
	 */
	void cancel();

	/** Same as {@link #cancel()}. */
	@Override
	default void close() {
		cancel();
	}

}
