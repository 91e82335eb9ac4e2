package dev.socketipc.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.socketipc.transport.IpcAddress;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link IpcConnection} per server address, for a client that balances its calls over
 * several servers of one service. Each attempt of a call takes a {@link #lease lease} on
 * the connection of the address chosen for it and returns it when the attempt ended. A
 * connection is created the first time its address is leased and starts connecting at
 * once. Connections to addresses that left the service are retired: no new lease is given
 * them, and they close once no lease is held and no call they carry is unended (or, at
 * the latest, after the drain timeout), never before.
 *
 * <p>
 * Thread-safe, and no lock is held while the factory runs: a slow factory holds up only
 * the leases of its own address, and it runs on the thread of the first lease of that
 * address (a retried attempt's choice may run on an I/O thread, so it should be quick).
 * Retired connections close on a closer thread, off the I/O and timer threads.
 */
public final class IpcConnectionPool implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(IpcConnectionPool.class);

	/**
	 * Closes retired connections off the I/O and timer threads, since closing waits for
	 * the channel: threads made as needed, gone after a minute idle.
	 */
	private static final ExecutorService CLOSER = Executors
		.newCachedThreadPool(new DefaultThreadFactory("ipc-pool-closer", true));

	private static final Duration LONGEST_DRAIN = Duration.ofDays(365);

	private final Function<IpcAddress, IpcConnection> factory;

	/** The drain timeout in nanoseconds, at most a year. */
	private final long drainNanos;

	private final Map<IpcAddress, Pooled> live = new ConcurrentHashMap<>();

	/** Retired connections not closed yet. */
	private final Set<Pooled> retired = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	/**
	 * Creates a pool whose retired connections close at the latest after
	 * {@link ClientOptions#DEFAULT_TIMEOUT}, the default call timeout.
	 * @param factory builds the connection of an address (not yet connecting): timeouts,
	 * reconnection, heartbeat and TLS as the application configured them
	 */
	public IpcConnectionPool(Function<IpcAddress, IpcConnection> factory) {
		this(factory, ClientOptions.DEFAULT_TIMEOUT);
	}

	/**
	 * Creates a pool.
	 * @param factory builds the connection of an address (not yet connecting): timeouts,
	 * reconnection, heartbeat and TLS as the application configured them
	 * @param drainTimeout how long a retired connection may wait for its calls before it
	 * closes anyway: the longest timeout of the calls made through the pool
	 */
	public IpcConnectionPool(Function<IpcAddress, IpcConnection> factory, Duration drainTimeout) {
		this.factory = Objects.requireNonNull(factory, "factory");
		Objects.requireNonNull(drainTimeout, "drainTimeout");
		if (drainTimeout.isNegative()) {
			throw new IllegalArgumentException("drainTimeout must not be negative, got " + drainTimeout);
		}
		this.drainNanos = (drainTimeout.compareTo(LONGEST_DRAIN) > 0) ? LONGEST_DRAIN.toNanos()
				: drainTimeout.toNanos();
	}

	/**
	 * Takes a lease on the connection of an address for one attempt of a call, creating
	 * the connection (and starting it connecting) when the pool has none; a retired
	 * connection of the same address is not reused. While the lease is held, the
	 * connection is not closed by retiring it, only by the drain timeout or
	 * {@link #close()}.
	 * @param address the server's address
	 * @return the lease, an attempt whose {@link IpcBalancer.Attempt#connection()} is the
	 * connection and whose {@link IpcBalancer.Attempt#ended ended} returns the lease
	 * (once; later calls do nothing): a balancer returns it from
	 * {@link IpcBalancer.Call#choose} or ends it from its own attempt's {@code ended}
	 * @throws IllegalStateException when the pool is closed
	 */
	public IpcBalancer.Attempt lease(IpcAddress address) {
		Objects.requireNonNull(address, "address");
		while (true) {
			if (this.closed) {
				throw closed(address);
			}
			Pooled pooled = this.live.get(address);
			if (pooled == null) {
				pooled = this.live.computeIfAbsent(address, Pooled::new);
			}
			if (pooled.acquire()) {
				try {
					return new Lease(pooled, pooled.connection());
				}
				catch (RuntimeException | Error ex) {
					pooled.release();
					throw ex;
				}
			}
			// closed since it was found: the address gets a new one
			this.live.remove(address, pooled);
		}
	}

	/**
	 * Returns the connection of an address, creating it as {@link #lease} does, without
	 * holding a lease: a call made on it later may find it retired and closed, so
	 * balancers take a lease per attempt instead.
	 * @param address the server's address
	 * @return the connection
	 * @throws IllegalStateException when the pool is closed
	 */
	public IpcConnection get(IpcAddress address) {
		IpcBalancer.Attempt lease = lease(address);
		lease.ended(null, null);
		return lease.connection();
	}

	/**
	 * Keeps the connections of the given addresses and retires every other one: it gets
	 * no new lease and closes once its leases are returned and its calls have ended.
	 * @param current the addresses the service has now
	 */
	public void retainOnly(Collection<IpcAddress> current) {
		Set<IpcAddress> keep = new HashSet<>(current);
		for (Pooled pooled : this.live.values()) {
			if (!this.closed && !keep.contains(pooled.address) && this.live.remove(pooled.address, pooled)) {
				pooled.retire();
			}
		}
	}

	/**
	 * Returns the live (not retired) connections by address.
	 * @return an unmodifiable snapshot
	 */
	public Map<IpcAddress, IpcConnection> connections() {
		return this.live.values()
			.stream()
			.filter((pooled) -> pooled.connection != null)
			.collect(Collectors.toUnmodifiableMap((pooled) -> pooled.address, (pooled) -> pooled.connection));
	}

	/**
	 * Closes every connection, live or retired, leased or not: their calls fail with an
	 * {@link IpcConnectionException}.
	 */
	@Override
	public void close() {
		List<Pooled> all;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			all = new ArrayList<>(this.live.values());
			all.addAll(this.retired);
			this.live.clear();
			this.retired.clear();
		}
		for (Pooled pooled : all) {
			pooled.closeNow();
		}
	}

	@Override
	public String toString() {
		return "IpcConnectionPool" + this.live.keySet();
	}

	private static IllegalStateException closed(IpcAddress address) {
		return new IllegalStateException("The IPC connection pool is closed; no connection to " + address);
	}

	/**
	 * One address's connection, created on its first lease, and the leases held on it.
	 */
	private final class Pooled {

		/** What {@link #leases} holds once the connection is closed or closing. */
		private static final int CLOSED = -1;

		final IpcAddress address;

		/** The leases held, or {@link #CLOSED}. */
		private final AtomicInteger leases = new AtomicInteger();

		/** {@code null} until the first lease made it; written under this monitor. */
		volatile IpcConnection connection;

		private volatile boolean retired;

		/** Set when retired. */
		private volatile Timeout drainTimer;

		Pooled(IpcAddress address) {
			this.address = address;
		}

		/** Takes a lease, unless the connection closed. */
		boolean acquire() {
			while (true) {
				int held = this.leases.get();
				if (held == CLOSED) {
					return false;
				}
				if (this.leases.compareAndSet(held, held + 1)) {
					return true;
				}
			}
		}

		void release() {
			if (this.leases.decrementAndGet() == 0 && this.retired) {
				closeIfIdle();
			}
		}

		/**
		 * Returns the connection, creating it the first time; only leases of this address
		 * wait for the factory.
		 */
		IpcConnection connection() {
			IpcConnection connection = this.connection;
			if (connection != null) {
				return connection;
			}
			synchronized (this) {
				if (this.connection == null) {
					if (IpcConnectionPool.this.closed || this.leases.get() == CLOSED) {
						throw closed(this.address);
					}
					IpcConnection created = Objects.requireNonNull(IpcConnectionPool.this.factory.apply(this.address),
							() -> "factory returned null for " + this.address);
					created.connect();
					this.connection = created;
				}
				return this.connection;
			}
		}

		void retire() {
			this.retired = true;
			IpcConnectionPool.this.retired.add(this);
			this.drainTimer = PendingCalls.timer()
				.newTimeout((task) -> drained(), IpcConnectionPool.this.drainNanos, TimeUnit.NANOSECONDS);
			logger.debug("Retiring the connection to {}, which left the service", this.address);
			if (IpcConnectionPool.this.closed) {
				closeNow();
				return;
			}
			closeIfIdle();
		}

		/**
		 * Closes the retired connection when no lease is held and no call is unended;
		 * runs again when the last lease is returned or the last call ends.
		 */
		void closeIfIdle() {
			IpcConnection current = this.connection;
			if (current != null && !current.watchIdle(this::closeIfIdle)) {
				return;
			}
			if (this.leases.compareAndSet(0, CLOSED)) {
				finish();
				if (current != null) {
					CLOSER.execute(current::close);
				}
			}
		}

		/** The drain timeout passed: closes whatever is left. */
		private void drained() {
			if (this.leases.getAndSet(CLOSED) != CLOSED) {
				finish();
				IpcConnection current = this.connection;
				if (current != null) {
					logger.debug("Closing the retired connection to {} after its drain timeout, with {} calls left",
							this.address, current.pendingCalls() + current.waitingCalls());
					CLOSER.execute(current::close);
				}
			}
		}

		/** Closes the connection on the caller's thread, whatever is held. */
		void closeNow() {
			this.leases.set(CLOSED);
			finish();
			IpcConnection current;
			synchronized (this) {
				current = this.connection;
			}
			if (current != null) {
				current.close();
			}
		}

		private void finish() {
			IpcConnectionPool.this.retired.remove(this);
			Timeout timer = this.drainTimer;
			if (timer != null) {
				timer.cancel();
			}
		}

	}

	/** One attempt's lease: returns it once. */
	private static final class Lease implements IpcBalancer.Attempt {

		private final Pooled pooled;

		private final IpcConnection connection;

		private final AtomicBoolean returned = new AtomicBoolean();

		Lease(Pooled pooled, IpcConnection connection) {
			this.pooled = pooled;
			this.connection = connection;
		}

		@Override
		public IpcConnection connection() {
			return this.connection;
		}

		@Override
		public void ended(Object result, Throwable failure) {
			if (this.returned.compareAndSet(false, true)) {
				this.pooled.release();
			}
		}

		@Override
		public String toString() {
			return "lease on " + this.pooled.address;
		}

	}

}
