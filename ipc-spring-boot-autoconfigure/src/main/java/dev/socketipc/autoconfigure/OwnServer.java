package dev.socketipc.autoconfigure;

import dev.socketipc.server.IpcServer;
import dev.socketipc.transport.IpcAddress;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * This application context's own IPC server, as its clients see it: whether a client's
 * address means it (the address {@code self}, or the server's configured address), and
 * where it actually bound once started. Looks the server up without creating it, so a
 * service that injects a client of its own server makes no cycle.
 */
final class OwnServer {

	/** The client address that means this application's own server. */
	static final String SELF = "self";

	private static final OwnServer NONE = new OwnServer(null);

	private final ListableBeanFactory beanFactory;

	private OwnServer(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	static OwnServer of(ListableBeanFactory beanFactory) {
		return new OwnServer(beanFactory);
	}

	static OwnServer none() {
		return NONE;
	}

	/**
	 * Tells whether the context has an IPC server, without creating it.
	 */
	boolean exists() {
		return this.beanFactory != null
				&& this.beanFactory.getBeanNamesForType(IpcServer.class, true, false).length > 0;
	}

	/**
	 * Tells whether a client configured with this address means this server.
	 * @param configured the configured address, {@code null} for {@link #SELF}
	 */
	boolean means(IpcAddress configured) {
		if (configured == null) {
			return true;
		}
		if (this.beanFactory == null) {
			return false;
		}
		OwnServerAddress own = this.beanFactory.getBeanProvider(OwnServerAddress.class).getIfAvailable();
		return own != null && own.configured().equals(configured);
	}

	/**
	 * Returns the address the server bound, once it has started.
	 */
	IpcAddress boundAddress() {
		return this.beanFactory.getBean(IpcServer.class).address();
	}

}
