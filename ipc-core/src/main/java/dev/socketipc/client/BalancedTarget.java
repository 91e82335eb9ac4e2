package dev.socketipc.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import dev.socketipc.protocol.WireCodec;

/**
 * The servers of a balanced proxy: each call is a {@link BalancedCall}, each stream
 * subscription a {@link BalancedStream}. Immutable and thread-safe.
 */
final class BalancedTarget implements ClientTarget {

	private final IpcBalancer balancer;

	private final WireCodec codec;

	BalancedTarget(IpcBalancer balancer, WireCodec codec) {
		this.balancer = balancer;
		this.codec = codec;
	}

	@Override
	public CompletableFuture<Object> call(ClientMethod method, Object[] args) {
		return BalancedCall.start(this.balancer, method, args);
	}

	@Override
	public Flow.Publisher<Object> stream(ClientMethod method, Object[] args) {
		return BalancedStream.publisher(this.balancer, this.codec, method, args);
	}

	/**
	 * Never called: {@link IpcClientFactory} refuses topic methods on balanced proxies.
	 */
	@Override
	public Flow.Publisher<Object> topic(ClientMethod method) {
		throw new IllegalStateException("@IpcTopic method '" + method.wireName + "' on a balanced proxy");
	}

	@Override
	public String describe() {
		return this.balancer.describe();
	}

}
