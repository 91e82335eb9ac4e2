package dev.socketipc.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.socketipc.protocol.ErrorCode;

/**
 * The items of a streaming method for a caller that did not ask for a stream (a seed
 * client): collected into one array answer, at most {@code limit} of them; past it the
 * producer is cancelled and the call answered {@code TOO_MANY_ITEMS}. Requests
 * {@code limit + 1} items, so memory stays bounded whatever the producer. Signals arrive
 * on the publisher's threads; the answer is handed to the connection from there.
 */
final class ItemCollector implements CallStream {

	private final ServerCall call;

	private final int limit;

	private final ConnectionStreams streams;

	private final List<Object> items = new ArrayList<>();

	private final Upstream upstream = new Upstream();

	private final AtomicBoolean stopped = new AtomicBoolean();

	ItemCollector(ServerCall call, int limit, ConnectionStreams streams) {
		this.call = call;
		this.limit = limit;
		this.streams = streams;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		if (this.upstream.set(subscription)) {
			subscription.request(this.limit + 1L);
		}
	}

	@Override
	public void onNext(Object item) {
		if (this.stopped.get()) {
			return;
		}
		if (this.items.size() == this.limit) {
			if (this.stopped.compareAndSet(false, true)) {
				this.upstream.cancel();
				this.items.clear();
				this.call.answerError(ErrorCode.TOO_MANY_ITEMS,
						"method '" + this.call.method.name() + "' produced more than " + this.limit
								+ " items for a caller that did not ask for a stream (ipc.server.max-stream-items)");
			}
			return;
		}
		this.items.add(item);
	}

	@Override
	public void onError(Throwable failure) {
		if (this.stopped.compareAndSet(false, true)) {
			this.items.clear();
			this.call.answerWith(null, failure);
		}
	}

	@Override
	public void onComplete() {
		if (this.stopped.compareAndSet(false, true)) {
			this.call.answerWith(this.items, null);
		}
	}

	@Override
	public void writable() {
	}

	@Override
	public void cancel() {
		// only a call that asked for a stream can be cancelled
	}

	@Override
	public void abandon() {
		if (this.stopped.compareAndSet(false, true)) {
			this.upstream.cancel();
			this.call.ended(IpcServerObserver.CONNECTION_CLOSED);
		}
		this.streams.ended(this.call);
	}

}
