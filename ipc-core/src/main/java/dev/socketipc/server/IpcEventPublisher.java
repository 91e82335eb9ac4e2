package dev.socketipc.server;

/**
 * Pushes events to the connections that subscribed to a topic: each event is written as
 * {@code {"action":"event","topic":T,"data":V}} to every subscribed connection, and to no
 * other. Thread-safe; never blocks: an event is encoded once on the caller's thread and
 * queued on each connection, whose buffer ({@link IpcServerBuilder#eventBufferSize}) and
 * overflow policy ({@link IpcServerBuilder#eventOverflow}) bound what a subscriber that
 * stops reading can cost. Delivery is at most once: events published while a client is
 * disconnected are not kept for it.
 *
 * <p>
 * With the auto-configuration it is a bean; in plain Java, {@link IpcServer#events()}.
 */
public interface IpcEventPublisher {

	/**
	 * Publishes an event to every connection subscribed to the topic.
	 * @param topic a topic the server lists ({@code ipc.server.topics} or an
	 * {@code @IpcTopic} method)
	 * @param payload the event's {@code data}, written with the server's JSON mapper
	 * @return the number of connections it was queued for ({@code 0} when nobody
	 * subscribes or the server is not running, in which case the payload is not even
	 * encoded)
	 * @throws IllegalArgumentException when the server does not list the topic, or the
	 * payload cannot be written as JSON
	 */
	int publish(String topic, Object payload);

	/**
	 * Publishes an event to one connection, when it is subscribed to the topic.
	 * @param peer the connection, as {@link IpcPeer#current()} returned it during a call
	 * on it
	 * @param topic a topic the server lists
	 * @param payload the event's {@code data}
	 * @return whether it was queued: {@code false} when the connection closed or did not
	 * subscribe to the topic
	 * @throws IllegalArgumentException when the server does not list the topic, or the
	 * payload cannot be written as JSON
	 */
	boolean publish(IpcPeer peer, String topic, Object payload);

	/**
	 * Returns how many connections are subscribed to a topic now, for publishers that
	 * only work while someone listens.
	 * @param topic the topic
	 * @return the subscribed connections
	 * @throws IllegalArgumentException when the server does not list the topic
	 */
	int subscribers(String topic);

}
