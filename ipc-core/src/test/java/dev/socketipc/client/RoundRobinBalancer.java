package dev.socketipc.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.transport.IpcAddress;

/**
 * A test balancer: round robin over a list of addresses, one pooled connection each,
 * avoiding the addresses a call tried while another is listed; records how every attempt
 * ended.
 */
final class RoundRobinBalancer implements IpcBalancer {

	/** How one attempt ended, as {@link Attempt#ended} was told. */
	record Ended(IpcAddress address, Object result, Throwable failure) {
	}

	final IpcConnectionPool pool;

	private final WireCodec codec = WireCodec.create();

	final List<Ended> ended = new CopyOnWriteArrayList<>();

	/** Attempts told more than once that they ended: must stay 0. */
	final AtomicInteger endedTwice = new AtomicInteger();

	private final AtomicInteger next = new AtomicInteger();

	private volatile List<IpcAddress> addresses;

	private final int maxRetries;

	RoundRobinBalancer(List<IpcAddress> addresses, int maxRetries) {
		this.pool = new IpcConnectionPool((address) -> IpcConnection.builder(address)
			.codec(this.codec)
			.reconnectBackoff(ClientTestSockets.FAST_BACKOFF)
			.build());
		this.addresses = List.copyOf(addresses);
		this.maxRetries = maxRetries;
	}

	void addresses(List<IpcAddress> addresses) {
		this.addresses = List.copyOf(addresses);
		this.pool.retainOnly(addresses);
	}

	@Override
	public Call newCall(String method) {
		return this::choose;
	}

	private CompletionStage<Attempt> choose(Set<IpcAddress> avoid) {
		List<IpcAddress> listed = this.addresses;
		if (listed.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		List<IpcAddress> candidates = new ArrayList<>(listed);
		candidates.removeAll(avoid);
		if (candidates.isEmpty()) {
			candidates = listed;
		}
		IpcAddress address = candidates.get(Math.floorMod(this.next.getAndIncrement(), candidates.size()));
		Attempt lease = this.pool.lease(address);
		return CompletableFuture.completedFuture(new Attempt() {

			private final AtomicInteger calls = new AtomicInteger();

			@Override
			public IpcConnection connection() {
				return lease.connection();
			}

			@Override
			public void ended(Object result, Throwable failure) {
				if (this.calls.incrementAndGet() != 1) {
					RoundRobinBalancer.this.endedTwice.incrementAndGet();
				}
				lease.ended(result, failure);
				RoundRobinBalancer.this.ended.add(new Ended(address, result, failure));
			}

		});
	}

	WireCodec codec() {
		return this.codec;
	}

	@Override
	public int maxRetriesOnNextServer() {
		return this.maxRetries;
	}

	@Override
	public String describe() {
		return "lb://test";
	}

	@Override
	public Map<IpcAddress, IpcConnection> connections() {
		return this.pool.connections();
	}

	@Override
	public void close() {
		this.pool.close();
	}

}
