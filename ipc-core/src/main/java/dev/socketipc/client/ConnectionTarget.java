package dev.socketipc.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The one connection of a proxy made for a single server: each call goes straight to it,
 * its timeout running from the proxy call. Immutable and thread-safe.
 */
final class ConnectionTarget implements ClientTarget {

	private final IpcConnection connection;

	ConnectionTarget(IpcConnection connection) {
		this.connection = connection;
	}

	@Override
	public CompletableFuture<Object> call(ClientMethod method, Object[] args) {
		return method.call(this.connection, args, method.deadlineFromNow());
	}

	@Override
	public Flow.Publisher<Object> stream(ClientMethod method, Object[] args) {
		return StreamCall.publisher(this.connection, method, args);
	}

	@Override
	public Flow.Publisher<Object> topic(ClientMethod method) {
		return new TopicPublisher(this.connection, method.wireName, method.resultType);
	}

	@Override
	public SpinWait spinWait() {
		return this.connection.spinWait();
	}

	@Override
	public String describe() {
		return this.connection.address().toString();
	}

}
