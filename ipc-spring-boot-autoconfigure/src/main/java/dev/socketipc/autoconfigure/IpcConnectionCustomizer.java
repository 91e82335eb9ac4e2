package dev.socketipc.autoconfigure;

import dev.socketipc.client.IpcConnectionBuilder;

/**
 * Callback that customizes the {@link IpcConnectionBuilder} of each server the
 * {@code @IpcClient} interfaces use, after the {@code ipc.client.*} properties are
 * applied and before the connection is built; beans of this type are applied in
 * {@code @Order}.
 */
@FunctionalInterface
public interface IpcConnectionCustomizer {

	/**
	 * Customizes the builder of one connection.
	 * @param serverName the server's name in {@code @IpcClient("name")}, or its address
	 * for a client that names none (the keys of {@link IpcClientRegistry#connections()})
	 * @param builder the builder to customize
	 */
	void customize(String serverName, IpcConnectionBuilder builder);

}
