package dev.socketipc.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

import dev.socketipc.protocol.ErrorCode;
import io.netty.channel.ChannelHandlerContext;

/**
 * The streaming calls of one connection, from their request (for those that asked for a
 * stream, so that a {@code cancel} finds them while their method still runs) or their
 * method's return, until their final answer; cancelled by the client, or abandoned when
 * the connection closes. Confined to the connection's event loop.
 */
final class ConnectionStreams {

	private final ServerRuntime runtime;

	private final ChannelHandlerContext ctx;

	/**
	 * The streams by call; a call that asked for a stream maps to {@code null} until its
	 * method returns.
	 */
	private final Map<ServerCall, CallStream> streams = new HashMap<>();

	ConnectionStreams(ServerRuntime runtime, ChannelHandlerContext ctx) {
		this.runtime = runtime;
		this.ctx = ctx;
	}

	boolean isEmpty() {
		return this.streams.isEmpty();
	}

	/** A call asked a streaming method for a stream: it can be cancelled from now on. */
	void expect(ServerCall call) {
		this.streams.put(call, null);
	}

	/**
	 * The method of a streaming call returned: subscribes to its items.
	 * @param running whether the call still waits for its answer (not cancelled, its
	 * connection open)
	 */
	void open(ServerCall call, Object value, boolean running) {
		if (!running) {
			this.streams.remove(call);
			discard(value);
			return;
		}
		Flow.Publisher<Object> publisher;
		try {
			publisher = Publishers.toFlow(value, this.runtime.executor, call.method.name());
		}
		catch (IllegalStateException ex) {
			this.streams.remove(call);
			call.answerWith(null, ex);
			return;
		}
		CallStream stream = (call.stream && call.rid != null) ? new StreamingCall(call, this.ctx, this)
				: new ItemCollector(call, this.runtime.maxStreamItems, this);
		this.streams.put(call, stream);
		try {
			publisher.subscribe(stream);
		}
		catch (RuntimeException ex) {
			stream.onError(ex);
		}
	}

	/**
	 * The client cancelled a call; ignored unless it asked a streaming method for a
	 * stream and was not answered yet.
	 */
	void cancel(Object rid) {
		ServerCall found = null;
		for (ServerCall call : this.streams.keySet()) {
			if (call.stream && Objects.equals(call.rid, rid)) {
				found = call;
				break;
			}
		}
		if (found == null) {
			return;
		}
		CallStream stream = this.streams.get(found);
		if (stream != null) {
			stream.cancel();
		}
		else {
			this.streams.remove(found);
			found.answerError(ErrorCode.CANCELLED,
					"the client cancelled the call to method '" + found.method.name() + "'");
		}
	}

	/** The call was answered. */
	void ended(ServerCall call) {
		this.streams.remove(call);
	}

	void writable() {
		for (CallStream stream : new ArrayList<>(this.streams.values())) {
			if (stream != null) {
				stream.writable();
			}
		}
	}

	/** The connection closed: stops every producer. */
	void abandonAll() {
		for (CallStream stream : new ArrayList<>(this.streams.values())) {
			if (stream != null) {
				stream.abandon();
			}
		}
		this.streams.clear();
	}

	/** Closes what a call's method returned when nobody will read it. */
	private static void discard(Object value) {
		if (value instanceof Stream<?> stream) {
			stream.close();
		}
	}

}
