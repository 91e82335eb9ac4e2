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
	 * @return {@code unix}, {@code tcp}, or {@code inproc} for a {@code local:} address
	 */
	static String name(IpcAddress address) {
		if (address instanceof IpcAddress.Local) {
			return "inproc";
		}
		return (address instanceof IpcAddress.Unix) ? "unix" : "tcp";
	}

	/**
	 * Returns the {@code server.address} of an address.
	 * @param address the address
	 * @return the Unix socket's path, the TCP host, or the {@code local:} name
	 */
	static String host(IpcAddress address) {
		if (address instanceof IpcAddress.Unix unix) {
			return unix.path().toString();
		}
		if (address instanceof IpcAddress.Local local) {
			return local.name();
		}
		return ((IpcAddress.Tcp) address).host();
	}

}
