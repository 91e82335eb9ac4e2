package dev.socketipc.autoconfigure;

import dev.socketipc.transport.IpcAddress;

/**
 * Chooses where the auto-configured IPC server listens, in place of
 * {@code ipc.server.address} (or the default socket), before the server is built: beans
 * of this type in {@code @Order}, the first answer that is not {@code null} winning. The
 * application's own clients follow the address chosen. Test support uses it to serve
 * in-process, on a {@code local:} address.
 */
@FunctionalInterface
public interface IpcServerAddressResolver {

	/**
	 * Returns the address the server listens on.
	 * @param configured the address configured: {@code ipc.server.address}, or the
	 * default socket
	 * @return the address, or {@code null} to keep the configured one
	 */
	IpcAddress resolve(IpcAddress configured);

}
