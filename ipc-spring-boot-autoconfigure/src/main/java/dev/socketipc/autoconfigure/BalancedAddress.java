package dev.socketipc.autoconfigure;

import java.util.regex.Pattern;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The {@code lb://<serviceId>} form of a client address: a service whose instances an
 * {@link IpcBalancerFactory} finds, as opposed to the single server of a {@code unix:},
 * {@code tcp://} or {@code local:} address.
 */
final class BalancedAddress {

	private static final String SCHEME = "lb:";

	private static final String PREFIX = "lb://";

	private static final Pattern SERVICE_ID = Pattern.compile("[A-Za-z0-9._-]+");

	private BalancedAddress() {
	}

	/**
	 * Tells whether an address, as written, is meant to be balanced (it may still be
	 * malformed).
	 * @param text the address, may be {@code null}
	 * @return whether it starts with {@code lb:}
	 */
	static boolean matches(String text) {
		return text != null && text.startsWith(SCHEME);
	}

	/**
	 * Returns the service id of an {@code lb://<serviceId>} address.
	 * @param text the address
	 * @return the service id
	 * @throws IllegalArgumentException saying what is wrong with the form
	 */
	static String serviceId(String text) {
		String serviceId = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : null;
		if (serviceId == null || !SERVICE_ID.matcher(serviceId).matches()) {
			throw new IllegalArgumentException("'" + text + "' is not a balanced address; use lb://<serviceId>, "
					+ "a service id of letters, digits, '.', '_' and '-' with no port, path or query (the port of "
					+ "each instance comes from the service's discovery)");
		}
		return serviceId;
	}

	/**
	 * The failure of something that needs one server's connection (events, topics) on an
	 * {@code lb://} server.
	 * @param name the server's name, as in {@code ipc.client.servers.<name>}
	 * @param text its address
	 * @param user what needs the connection, such as {@code @IpcListener method ...}
	 * @return the exception to throw
	 */
	static InvalidConfigurationPropertyValueException refusedForEvents(String name, String text, String user) {
		return new InvalidConfigurationPropertyValueException("ipc.client.servers." + name + ".address", text,
				user + " needs a single-instance address (unix:, tcp://host:port or local:): events and topics "
						+ "belong to one server, and an lb:// address spreads calls over several; configure a "
						+ "second server entry with one instance's address for the events");
	}

}
