package dev.socketipc.autoconfigure;

import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.server.IpcServer;

/**
 * Callback that customizes the auto-configured {@link IpcServerBuilder} after the
 * properties are applied, for example to set the executor that runs service methods.
 */
@FunctionalInterface
public interface IpcServerCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder to customize
	 */
	void customize(IpcServerBuilder builder);

}
