package dev.socketipc.autoconfigure.observation;

import dev.socketipc.transport.IpcAddress;

/**
 * How observations name an address's transport and host.
 */
final class Transports {

	private Transports() {
	}

	/**
	 * Returns the {@code network.transport} of an address.
	 * @param address the address
	 * @return {@code unix} or {@code tcp}
	 */
	static String name(IpcAddress address) {
		return (address instanceof IpcAddress.Unix) ? "unix" : "tcp";
	}

	/**
	 * Returns the {@code server.address} of an address.
	 * @param address the address
	 * @return the Unix socket's path, or the TCP host
	 */
	static String host(IpcAddress address) {
		if (address instanceof IpcAddress.Unix unix) {
			return unix.path().toString();
		}
		return ((IpcAddress.Tcp) address).host();
	}

}
