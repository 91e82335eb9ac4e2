package dev.socketipc.client;

import java.util.List;

/**
 * Sees the method list of every {@code register} line an {@link IpcConnection}'s server
 * sends: the first one of each connection, a later one that changes the list, and the one
 * of every reconnection. Added with {@link IpcConnection#addRegisterListener}; the place
 * to compare what a server offers with what a client needs, such as the contract check of
 * the Spring Boot auto-configuration.
 *
 * <p>
 * Called once per {@code register} line, on the connection's I/O thread, before the
 * connection is ready on it: before {@link IpcConnection#isReady()} turns {@code true}
 * and before the calls waiting for that {@code register} are sent. So it must return
 * quickly and never block; it is not on the path of a call. An exception it throws is
 * logged and does not affect the connection or the other listeners.
 */
@FunctionalInterface
public interface IpcRegisterListener {

	/**
	 * A {@code register} line arrived.
	 * @param connection the connection it arrived on
	 * @param methods the method names it lists, in its order (those of a seed server
	 * included); empty when it lists none
	 */
	void registered(IpcConnection connection, List<String> methods);

}
