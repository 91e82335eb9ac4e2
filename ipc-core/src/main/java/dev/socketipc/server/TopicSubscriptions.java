package dev.socketipc.server;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Flow;

import dev.socketipc.protocol.ArgumentReader;
import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.protocol.RawJson;
import dev.socketipc.protocol.WireMessage;
import io.netty.channel.ChannelHandlerContext;

/**
 * The topics one connection subscribed to with {@code $subscribe}: its outbox in the
 * {@link EventHub}, and a {@link TopicFeed} per {@code @IpcTopic} topic, cancelled on
 * {@code $unsubscribe} and when the connection closes. Confined to the connection's event
 * loop.
 */
final class TopicSubscriptions {

	private final ServerConnection connection;

	private final ServerRuntime runtime;

	private final ChannelHandlerContext ctx;

	private final IpcPeer peer;

	private final Set<String> subscribed = new LinkedHashSet<>();

	private final Map<String, TopicFeed> feeds = new HashMap<>();

	/** Created on the first subscription. */
	private EventOutbox outbox;

	private boolean closed;

	TopicSubscriptions(ServerConnection connection, ServerRuntime runtime, ChannelHandlerContext ctx, IpcPeer peer) {
		this.connection = connection;
		this.runtime = runtime;
		this.ctx = ctx;
		this.peer = peer;
	}

	/**
	 * Answers {@code $subscribe} or {@code $unsubscribe}; a subscription to the topic of
	 * an {@code @IpcTopic} method runs that method first, as a call.
	 * @param observation the request's observation, {@code null} when nobody observes
	 * @return the call to run before answering, {@code null} when answered
	 */
	ServerCall request(WireMessage.Request message, CallObservers.Observation observation, boolean subscribe) {
		String topic;
		try {
			topic = topic(message.method(), message.args());
		}
		catch (CallException ex) {
			answer(message.rid(), ex.code(), ex.getMessage(), observation);
			return null;
		}
		ServiceMethod method = null;
		if (subscribe) {
			method = subscribe(topic);
		}
		else {
			unsubscribe(topic);
		}
		if (method == null) {
			answer(message.rid(), null, null, observation);
			return null;
		}
		if (this.runtime.isShuttingDown()) {
			unsubscribe(topic);
			answer(message.rid(), ErrorCode.SHUTTING_DOWN, "the server is shutting down", observation);
			return null;
		}
		return new ServerCall(message.rid(), method, new Object[0], message.meta(), this.connection, this.runtime,
				observation, false, topic);
	}

	/** Writes a success ({@code code} null) or an error, and ends the observation. */
	private void answer(Object rid, ErrorCode code, String error, CallObservers.Observation observation) {
		if (rid != null || code != null) {
			this.connection.write((code != null) ? this.runtime.codec.encodeError(this.ctx.alloc(), rid, code, error)
					: this.runtime.codec.encodeSuccess(this.ctx.alloc(), rid, null));
		}
		if (observation != null) {
			observation.callEnded((code != null) ? code.name() : ServerCall.OK, null);
		}
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
	 * Subscribes the connection to a topic; subscribing twice changes nothing, except
	 * that the {@code @IpcTopic} method of a topic whose publisher is over (completed,
	 * failed or cancelled for an error) runs again.
	 * @return the {@code @IpcTopic} method to run for this connection, {@code null} when
	 * there is none or it runs already
	 */
	ServiceMethod subscribe(String topic) {
		if (this.closed) {
			return null;
		}
		if (!this.subscribed.add(topic)) {
			TopicFeed feed = this.feeds.get(topic);
			if (feed == null || !feed.isOver()) {
				return null;
			}
			this.feeds.remove(topic);
			return this.runtime.events.topicMethod(topic);
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
	 * The {@code @IpcTopic} method run for a {@code $subscribe} returned (or failed):
	 * subscribes to its publisher unless the connection unsubscribed or closed meanwhile
	 * (a publisher left unsubscribed produces nothing), then answers; a failure ends the
	 * subscription.
	 * @param running whether the call still waits for its answer
	 */
	void opened(ServerCall call, Object publisher, Throwable failure, boolean running) {
		Throwable problem = failure;
		if (problem == null && running && this.subscribed.contains(call.topic) && !this.feeds.containsKey(call.topic)) {
			try {
				Flow.Publisher<Object> flow = Publishers.toFlow(publisher, this.runtime.executor, call.topic);
				TopicFeed feed = new TopicFeed(call.topic, this.outbox, this.runtime.codec, this.ctx.executor());
				this.feeds.put(call.topic, feed);
				flow.subscribe(feed);
			}
			catch (RuntimeException ex) {
				problem = ex;
			}
		}
		if (problem != null) {
			unsubscribe(call.topic);
		}
		call.answerWith(null, problem);
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

}
