package dev.socketipc.autoconfigure;

import dev.socketipc.server.IpcServer;
import dev.socketipc.transport.IpcAddress;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.SingletonBeanRegistry;

/**
 * This application context's own IPC server, as its clients see it: whether a client's
 * address means it (the address {@code self}, or the server's configured address), where
 * it will listen when that is known before it binds, and where it actually bound once
 * started. Never creates the server, so a service that injects a client of its own server
 * makes no cycle.
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
	 * Returns where the server listens, when that is known before it binds: its address
	 * once it runs; else the address decided for it, unless that is a TCP port 0 or an
	 * {@link IpcServerCustomizer} may change it.
	 * @return the address, or {@code null} when only binding will tell
	 */
	IpcAddress plannedAddress() {
		if (this.beanFactory == null) {
			return null;
		}
		String[] names = this.beanFactory.getBeanNamesForType(IpcServer.class, true, false);
		if (names.length == 1 && this.beanFactory instanceof SingletonBeanRegistry singletons
				&& singletons.containsSingleton(names[0])) {
			IpcServer server = this.beanFactory.getBean(names[0], IpcServer.class);
			return server.isRunning() ? server.address() : unlessPortZero(server.address());
		}
		if (this.beanFactory.getBeanNamesForType(IpcServerCustomizer.class, true, false).length > 0) {
			return null;
		}
		OwnServerAddress own = this.beanFactory.getBeanProvider(OwnServerAddress.class).getIfAvailable();
		return (own != null) ? unlessPortZero(own.chosen()) : null;
	}

	private static IpcAddress unlessPortZero(IpcAddress address) {
		return (address instanceof IpcAddress.Tcp tcp && tcp.port() == 0) ? null : address;
	}

	/**
	 * Returns the address the server bound, once it has started.
	 */
	IpcAddress boundAddress() {
		return this.beanFactory.getBean(IpcServer.class).address();
	}

}
