package dev.socketipc.client;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who sees each {@code register} of a connection: tells every listener the methods of
 * each one, and a listener added late the methods of the last one, so that none misses a
 * method list. A listener that throws is logged and changes nothing. Thread-safe: guarded
 * by {@code this}.
 */
final class RegisterListeners {

	private static final Logger logger = LoggerFactory.getLogger(IpcConnection.class);

	private final IpcConnection connection;

	/** Guarded by this. */
	private final List<IpcRegisterListener> listeners = new ArrayList<>();

	/**
	 * The methods of the last {@code register} the listeners saw, {@code null} before
	 * one; guarded by this.
	 */
	private List<String> lastRegistered;

	RegisterListeners(IpcConnection connection) {
		this.connection = connection;
	}

	synchronized void add(IpcRegisterListener listener) {
		this.listeners.add(listener);
		if (this.lastRegistered != null) {
			tell(listener, this.lastRegistered);
		}
	}

	synchronized void registered(List<String> methods) {
		this.lastRegistered = methods;
		for (IpcRegisterListener listener : this.listeners) {
			tell(listener, methods);
		}
	}

	private void tell(IpcRegisterListener listener, List<String> methods) {
		try {
			listener.registered(this.connection, methods);
		}
		catch (RuntimeException ex) {
			logger.warn("Register listener {} of the connection to {} failed", listener, this.connection.address(), ex);
		}
	}

}
