package dev.socketipc.autoconfigure;

import dev.socketipc.transport.IpcAddress;

/**
 * Chooses where the clients of a server connect, in place of the address configured in
 * {@code ipc.client.servers.<name>.address} or {@code @IpcClient(address = ...)}:
 * consulted before each server's connection is built, beans of this type in
 * {@code @Order}, the first answer that is not {@code null} winning. Test support uses it
 * to point clients at a mock server.
 */
@FunctionalInterface
public interface IpcClientAddressResolver {

	/**
	 * Returns the address the clients of a server connect to.
	 * @param serverName the server's name in {@code @IpcClient("name")}, or the address
	 * as written for a client that names none
	 * @return the address, or {@code null} to keep the configured one
	 */
	IpcAddress resolve(String serverName);

}
