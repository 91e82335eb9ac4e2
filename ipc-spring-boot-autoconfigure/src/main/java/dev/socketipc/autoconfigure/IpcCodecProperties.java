package dev.socketipc.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the JSON codec shared by IPC servers and clients, under
 * {@code ipc.codec}.
 */
@ConfigurationProperties("ipc.codec")
public class IpcCodecProperties {

	/**
	 * Whether to accept conversions that lose or invent information, as plain Jackson
	 * does: 1.9 or "5" for an int, 1 for an enum or a boolean, 1e-400 for a double. By
	 * default they fail: INVALID_ARGUMENTS on the server, an IpcException for a client's
	 * result.
	 */
	private boolean lenientCoercion = false;

	public boolean isLenientCoercion() {
		return this.lenientCoercion;
	}

	public void setLenientCoercion(boolean lenientCoercion) {
		this.lenientCoercion = lenientCoercion;
	}

}
