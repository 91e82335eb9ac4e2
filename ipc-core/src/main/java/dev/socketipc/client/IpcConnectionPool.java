package dev.socketipc.client;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

import dev.socketipc.transport.IpcAddress;

/**
 * One {@link IpcConnection} per server address, for a client that balances its calls over
 * several servers of one service: each connection is created the first time its address
 * is asked for and starts connecting at once; connections to addresses that left the
 * service are retired: no new call is given them, and they close once the calls they
 * carry have ended (or, at the latest, after the drain timeout). Thread-safe.
 */
public final class IpcConnectionPool implements AutoCloseable {

	/**
	 * Creates a pool.
	 * @param factory builds the connection of an address (not yet connecting): timeouts,
	 * reconnection, heartbeat and TLS as the application configured them
	 */
	public IpcConnectionPool(Function<IpcAddress, IpcConnection> factory) {
		throw new UnsupportedOperationException("i13 contract: IpcConnectionPool");
	}

	/**
	 * Returns the connection of an address, creating it (and starting it connecting) when
	 * the pool has none; a retired connection of the same address is not reused.
	 * @param address the server's address
	 * @return the connection
	 * @throws IllegalStateException when the pool is closed
	 */
	public IpcConnection get(IpcAddress address) {
		throw new UnsupportedOperationException("i13 contract: IpcConnectionPool.get");
	}

	/**
	 * Keeps the connections of the given addresses and retires every other one: it gets
	 * no new call and closes once its calls have ended.
	 * @param current the addresses the service has now
	 */
	public void retainOnly(Collection<IpcAddress> current) {
		throw new UnsupportedOperationException("i13 contract: IpcConnectionPool.retainOnly");
	}

	/**
	 * Returns the live (not retired) connections by address.
	 * @return an unmodifiable snapshot
	 */
	public Map<IpcAddress, IpcConnection> connections() {
		throw new UnsupportedOperationException("i13 contract: IpcConnectionPool.connections");
	}

	/**
	 * Closes every connection, live or retired: their calls fail with an
	 * {@link IpcConnectionException}.
	 */
	@Override
	public void close() {
		throw new UnsupportedOperationException("i13 contract: IpcConnectionPool.close");
	}

}
