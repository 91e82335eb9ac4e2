package dev.socketipc.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.socketipc.transport.IpcAddress;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link IpcConnection} per server address, for a client that balances its calls over
 * several servers of one service: each connection is created the first time its address
 * is asked for and starts connecting at once; connections to addresses that left the
 * service are retired: no new call is given them, and they close once the calls they
 * carry have ended (or, at the latest, after the drain timeout). Thread-safe: the maps
 * are guarded by {@code this}; connections are closed outside it, on a closer thread.
 */
public final class IpcConnectionPool implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(IpcConnectionPool.class);

	/**
	 * Closes retired connections off the I/O and timer threads, since closing waits for
	 * the channel: threads made as needed, gone after a minute idle.
	 */
	private static final ExecutorService CLOSER = Executors
		.newCachedThreadPool(new DefaultThreadFactory("ipc-pool-closer", true));

	private final Function<IpcAddress, IpcConnection> factory;

	private final Duration drainTimeout;

	/** Guarded by this. */
	private final Map<IpcAddress, IpcConnection> live = new HashMap<>();

	/** Retired connections not closed yet, with their drain timers; guarded by this. */
	private final Map<IpcConnection, Timeout> retired = new HashMap<>();

	/** Guarded by this. */
	private boolean closed;

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
		this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
		if (drainTimeout.isNegative()) {
			throw new IllegalArgumentException("drainTimeout must not be negative, got " + drainTimeout);
		}
	}

	/**
	 * Returns the connection of an address, creating it (and starting it connecting) when
	 * the pool has none; a retired connection of the same address is not reused.
	 * @param address the server's address
	 * @return the connection
	 * @throws IllegalStateException when the pool is closed
	 */
	public IpcConnection get(IpcAddress address) {
		Objects.requireNonNull(address, "address");
		IpcConnection connection;
		synchronized (this) {
			if (this.closed) {
				throw new IllegalStateException("The IPC connection pool is closed; no connection to " + address);
			}
			connection = this.live.get(address);
			if (connection != null) {
				return connection;
			}
			connection = Objects.requireNonNull(this.factory.apply(address), "factory returned null for " + address);
			this.live.put(address, connection);
		}
		connection.connect();
		return connection;
	}

	/**
	 * Keeps the connections of the given addresses and retires every other one: it gets
	 * no new call and closes once its calls have ended.
	 * @param current the addresses the service has now
	 */
	public void retainOnly(Collection<IpcAddress> current) {
		Set<IpcAddress> keep = new HashSet<>(current);
		List<IpcConnection> leaving = new ArrayList<>();
		synchronized (this) {
			if (this.closed) {
				return;
			}
			for (Iterator<Map.Entry<IpcAddress, IpcConnection>> it = this.live.entrySet().iterator(); it.hasNext();) {
				Map.Entry<IpcAddress, IpcConnection> entry = it.next();
				if (!keep.contains(entry.getKey())) {
					it.remove();
					leaving.add(entry.getValue());
					this.retired.put(entry.getValue(),
							PendingCalls.timer()
								.newTimeout((task) -> drained(entry.getValue(), true), this.drainTimeout.toNanos(),
										TimeUnit.NANOSECONDS));
				}
			}
		}
		for (IpcConnection connection : leaving) {
			logger.debug("Retiring the connection to {}, which left the service", connection.address());
			connection.whenIdle(() -> drained(connection, false));
		}
	}

	/**
	 * Closes a retired connection, once: its calls have ended, or its drain timeout
	 * passed.
	 */
	private void drained(IpcConnection connection, boolean timedOut) {
		Timeout timer;
		synchronized (this) {
			if (!this.retired.containsKey(connection)) {
				return;
			}
			timer = this.retired.remove(connection);
		}
		if (timer != null) {
			timer.cancel();
		}
		if (timedOut) {
			logger.debug("Closing the retired connection to {} after its drain timeout, with {} calls left",
					connection.address(), connection.pendingCalls() + connection.waitingCalls());
		}
		CLOSER.execute(connection::close);
	}

	/**
	 * Returns the live (not retired) connections by address.
	 * @return an unmodifiable snapshot
	 */
	public synchronized Map<IpcAddress, IpcConnection> connections() {
		return Map.copyOf(this.live);
	}

	/**
	 * Closes every connection, live or retired: their calls fail with an
	 * {@link IpcConnectionException}.
	 */
	@Override
	public void close() {
		List<IpcConnection> all = new ArrayList<>();
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			all.addAll(this.live.values());
			all.addAll(this.retired.keySet());
			this.retired.values().forEach(Timeout::cancel);
			this.live.clear();
			this.retired.clear();
		}
		for (IpcConnection connection : all) {
			connection.close();
		}
	}

	@Override
	public String toString() {
		return "IpcConnectionPool" + connections().keySet();
	}

}
