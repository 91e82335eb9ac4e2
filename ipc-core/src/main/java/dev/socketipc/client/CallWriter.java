package dev.socketipc.client;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.transport.IpcAddress;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * Writes a connection's calls on a channel, for the server that registered on it: checks
 * that the server offers the method, gives the call its rid, writes {@code meta} and
 * {@code "stream":true} only to a server that listed them, and writes a streaming call's
 * {@code cancel} behind its request. Thread-safe: each call's monitor orders its request
 * before its {@code cancel}.
 */
final class CallWriter {

	private final IpcAddress address;

	private final WireCodec codec;

	private final PendingCalls calls;

	CallWriter(IpcAddress address, WireCodec codec, PendingCalls calls) {
		this.address = address;
		this.codec = codec;
		this.calls = calls;
	}

	/** Writes a call that has not ended on a channel whose server registered. */
	void send(Channel channel, PendingCalls.Call call) {
		if (call.result.isDone()) {
			return;
		}
		String method = call.method.wireName;
		ServerOffer server = channel.attr(ServerOffer.KEY).get();
		if (!server.accepts(method)) {
			PendingCalls.fail(call, new IpcRemoteException(method, ErrorCode.METHOD_NOT_FOUND,
					MethodNotFound.describe(this.address, method, server.methods())));
			return;
		}
		long rid = this.calls.nextRid();
		boolean stream = call.items != null && server.streams();
		ByteBuf request;
		try {
			request = call.method.encode(channel.alloc(), rid, call.args, server.acceptsMeta() ? call.meta : Map.of(),
					stream);
		}
		catch (IpcException ex) {
			PendingCalls.fail(call, ex);
			return;
		}
		synchronized (call) {
			call.channel = channel;
			call.streamed = stream;
			if (!this.calls.sent(rid, call)) {
				request.release();
				return;
			}
			BatchedWrites.write(channel, request, call, this.calls);
		}
	}

	/**
	 * Calls {@code $subscribe} or {@code $unsubscribe} with a topic on a channel whose
	 * {@code register} listed {@code events}.
	 */
	CompletableFuture<Object> callReserved(Channel channel, String method, String topic) {
		PendingCalls.Call call = this.calls.start(ClientMethod.adHoc(method,
				this.codec.mapper().constructType(Void.class), ClientOptions.DEFAULT_TIMEOUT, false, this.codec),
				new Object[] { topic }, Map.of());
		send(channel, call);
		return call.result;
	}

	/**
	 * Ends a streaming call on the client's side: fails it (unless it ended), forgets its
	 * rid, and sends {@code cancel} when it went out with {@code "stream":true} and had
	 * not ended (a timed-out call had only ended here).
	 */
	void cancel(PendingCalls.Call call, Throwable reason) {
		synchronized (call) {
			boolean ended = PendingCalls.fail(call, reason) || reason instanceof IpcTimeoutException;
			this.calls.forget(call);
			Channel channel = call.channel;
			if (ended && call.streamed && channel != null && channel.isActive()) {
				BatchedWrites.write(channel, this.codec.encodeCancel(channel.alloc(), call.rid));
			}
		}
	}

}
