package dev.socketipc.autoconfigure;

import dev.socketipc.transport.IoTransport;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * Reads {@code ipc.transport} ({@code auto}, {@code nio}, {@code epoll} or
 * {@code io-uring}; {@code auto} when unset), the I/O transport of the server and of
 * every client of the application, and resolves it when the context starts, so that a
 * value that cannot run here fails startup naming the property.
 */
final class IpcTransportSetting {

	private IpcTransportSetting() {
	}

	/**
	 * Returns the transport the environment names, resolved: {@code auto} becomes epoll
	 * or NIO.
	 * @param environment the application's environment
	 * @return {@link IoTransport#NIO}, {@link IoTransport#EPOLL} or
	 * {@link IoTransport#IO_URING}
	 * @throws InvalidConfigurationPropertyValueException naming {@code ipc.transport}
	 * when the value is no transport, or one that cannot run here
	 */
	static IoTransport resolve(Environment environment) {
		String value = environment.getProperty(IoTransport.PROPERTY);
		if (value == null || value.isBlank()) {
			return IoTransport.AUTO.resolve();
		}
		try {
			return IoTransport.parse(value).resolve();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(IoTransport.PROPERTY, value,
					"use auto, nio, epoll or io-uring");
		}
		catch (IllegalStateException ex) {
			throw new InvalidConfigurationPropertyValueException(IoTransport.PROPERTY, value, ex.getMessage());
		}
	}

}
