package dev.socketipc.autoconfigure.loadbalancer;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.server.IpcServer;
import dev.socketipc.transport.IpcAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.client.serviceregistry.Registration;

/**
 * Writes the IPC server's TCP port ({@value #PORT}) and protocol revision
 * ({@value #PROTOCOL}) into the metadata of a Spring Cloud {@link Registration}, so that
 * {@code lb://} clients call the IPC port rather than the registered (usually HTTP) one.
 * The port is the one bound once the server has started, else the configured one unless
 * it is 0 (not known yet: nothing is written). A server on a Unix socket or a
 * {@code local:} address writes nothing: it cannot be reached from another host. A
 * metadata map that cannot be changed is reported once, at WARN. Thread-safe.
 */
final class IpcRegistrationMetadata {

	/**
	 * The metadata key of the IPC server's TCP port, the one {@code lb://} clients read
	 * before the instance's port.
	 */
	static final String PORT = InstanceAddress.PORT_METADATA;

	/**
	 * The metadata key of the server's protocol revision.
	 */
	static final String PROTOCOL = "ipc.protocol";

	static final String PROPERTY = "ipc.server.discovery.publish-metadata";

	private static final Logger logger = LoggerFactory.getLogger(IpcRegistrationMetadata.class);

	private final IpcServer server;

	private final AtomicBoolean warned = new AtomicBoolean();

	IpcRegistrationMetadata(IpcServer server) {
		this.server = server;
	}

	/**
	 * Writes the server's port and protocol revision into the registration's metadata,
	 * when the server is on TCP and its port is known.
	 * @param registration the registration about to be (or already) registered
	 * @return whether the metadata now holds them
	 */
	boolean writeTo(Registration registration) {
		int port = knownTcpPort();
		if (port <= 0) {
			return false;
		}
		Map<String, String> metadata = registration.getMetadata();
		try {
			if (metadata == null) {
				throw new UnsupportedOperationException("getMetadata() returned null");
			}
			metadata.put(PORT, Integer.toString(port));
			metadata.put(PROTOCOL, Integer.toString(WireCodec.PROTOCOL_VERSION));
		}
		catch (UnsupportedOperationException ex) {
			warnOnce(registration, port, ex);
			return false;
		}
		logger.debug("Published {}={} and {}={} in the metadata of the Spring Cloud registration of '{}' ({})", PORT,
				port, PROTOCOL, WireCodec.PROTOCOL_VERSION, registration.getServiceId(),
				registration.getClass().getName());
		return true;
	}

	/**
	 * Returns the port to publish: the bound one once started, else the configured one.
	 * @return the port, or 0 when the server is not on TCP or its port is not known yet
	 */
	private int knownTcpPort() {
		boolean running = this.server.isRunning();
		IpcAddress address = this.server.address();
		if (address instanceof IpcAddress.Tcp tcp && (running || tcp.port() != 0)) {
			return tcp.port();
		}
		return 0;
	}

	private void warnOnce(Registration registration, int port, UnsupportedOperationException ex) {
		if (this.warned.compareAndSet(false, true)) {
			logger.warn("Cannot publish {}={} and {} in the metadata of the Spring Cloud registration {}: its "
					+ "metadata cannot be changed ({}); lb:// clients will call its registered port {} unless the "
					+ "registry's metadata holds {}. Add it in the registry's own settings, or set {}=false to "
					+ "stop trying", PORT, port, PROTOCOL, registration.getClass().getName(), ex.toString(),
					registration.getPort(), PORT, PROPERTY);
		}
	}

}
