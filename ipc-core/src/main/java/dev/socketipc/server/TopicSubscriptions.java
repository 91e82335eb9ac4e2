package dev.socketipc.server;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Flow;

import dev.socketipc.protocol.ArgumentReader;
import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.protocol.RawJson;
import io.netty.channel.ChannelHandlerContext;

/**
 * The topics one connection subscribed to with {@code $subscribe}: its outbox in the
 * {@link EventHub}, and a {@link TopicFeed} per {@code @IpcTopic} topic, cancelled on
 * {@code $unsubscribe} and when the connection closes. Confined to the connection's event
 * loop.
 */
final class TopicSubscriptions {

	private final ServerRuntime runtime;

	private final ChannelHandlerContext ctx;

	private final IpcPeer peer;

	private final Set<String> subscribed = new LinkedHashSet<>();

	private final Map<String, TopicFeed> feeds = new HashMap<>();

	/** Created on the first subscription. */
	private EventOutbox outbox;

	private boolean closed;

	TopicSubscriptions(ServerRuntime runtime, ChannelHandlerContext ctx, IpcPeer peer) {
		this.runtime = runtime;
		this.ctx = ctx;
		this.peer = peer;
	}

	/**
	 * Reads the one argument of {@code $subscribe} or {@code $unsubscribe}.
	 * @param method the reserved method's name, for messages
	 * @throws CallException {@code INVALID_ARGUMENTS} when it is not one string,
	 * {@code UNKNOWN_TOPIC} when the server does not list it
	 */
	String topic(String method, RawJson args) throws CallException {
		int count = (args != null) ? args.size() : 0;
		if (count != 1) {
			throw new CallException(ErrorCode.INVALID_ARGUMENTS,
					"method '" + method + "' expects 1 argument (topic) but got " + count);
		}
		Object value;
		try (ArgumentReader reader = this.runtime.codec.readElements(args)) {
			value = reader.read(0, this.runtime.codec.mapper().constructType(Object.class));
		}
		catch (RuntimeException ex) {
			value = null;
		}
		if (!(value instanceof String topic)) {
			throw new CallException(ErrorCode.INVALID_ARGUMENTS,
					"argument 1 'topic' of method '" + method + "' must be a string, not " + args.abbreviate(60));
		}
		if (!this.runtime.events.lists(topic)) {
			throw new CallException(ErrorCode.UNKNOWN_TOPIC,
					"topic '" + topic + "' is not one of this server's topics " + this.runtime.events.topics());
		}
		return topic;
	}

	/**
	 * Subscribes the connection to a topic; subscribing twice changes nothing.
	 * @return the {@code @IpcTopic} method to run for this connection, {@code null} when
	 * there is none or it runs already
	 */
	ServiceMethod subscribe(String topic) {
		if (this.closed || !this.subscribed.add(topic)) {
			return null;
		}
		if (this.outbox == null) {
			this.outbox = new EventOutbox(this.ctx, this.peer, this.runtime.events.bufferSize,
					this.runtime.events.overflow, this.runtime.statistics);
		}
		this.runtime.events.subscribe(topic, this.outbox);
		return this.runtime.events.topicMethod(topic);
	}

	/** Ends a subscription, cancelling its {@code @IpcTopic} publisher; idempotent. */
	void unsubscribe(String topic) {
		if (!this.subscribed.remove(topic)) {
			return;
		}
		this.runtime.events.unsubscribe(topic, this.outbox);
		TopicFeed feed = this.feeds.remove(topic);
		if (feed != null) {
			feed.cancel();
		}
	}

	/**
	 * Subscribes to what the topic's {@code @IpcTopic} method returned for this
	 * connection, unless the connection unsubscribed or closed meanwhile (a publisher
	 * left unsubscribed produces nothing).
	 * @throws IllegalStateException when the method returned no publisher
	 */
	void opened(String topic, Object publisher) {
		Flow.Publisher<Object> flow = Publishers.toFlow(publisher, this.runtime.executor, topic);
		if (!this.subscribed.contains(topic) || this.feeds.containsKey(topic)) {
			// nobody listens any more: a publisher does nothing until subscribed
			return;
		}
		TopicFeed feed = new TopicFeed(topic, this.outbox, this.runtime.codec, this.ctx.executor());
		this.feeds.put(topic, feed);
		flow.subscribe(feed);
	}

	/** Writes queued events now that the channel is writable again. */
	void writable() {
		if (this.outbox != null) {
			this.outbox.drain();
		}
	}

	/** Ends every subscription: the connection closed. */
	void close() {
		this.closed = true;
		for (String topic : Set.copyOf(this.subscribed)) {
			unsubscribe(topic);
		}
		if (this.outbox != null) {
			this.outbox.close();
		}
	}

	/** The connection's outbox, {@code null} before its first subscription; for tests. */
	EventOutbox outbox() {
		return this.outbox;
	}

}
