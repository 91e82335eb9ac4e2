package dev.socketipc.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the IPC server, under {@code ipc.server}.
 */
@ConfigurationProperties("ipc.server")
public class IpcServerProperties {

	/**
	 * Whether to start the IPC server when the application has @IpcService beans.
	 */
	private boolean enabled = true;

	/**
	 * Address to listen on, unix:/path/to.sock or tcp://host:port (port 0 for any free port). Defaults to a Unix
	 * socket in the JVM temp directory named after spring.application.name ("ipc" when unset).
	 */
	private String address;

	/**
	 * Longest line accepted; a longer one is answered TOO_LARGE and its connection closed.
	 */
	private DataSize maxLineLength = DataSize.ofMegabytes(1);

	/**
	 * Calls that may run at once on one connection before the server stops reading from it.
	 */
	private int maxInFlight = 1024;

	/**
	 * Permissions of the Unix socket file, as rw------- or an octal mode such as 600; empty to keep what the umask
	 * gives.
	 */
	private String socketPermissions = "rw-------";

	/**
	 * Time running calls get to finish when the server stops; calls still running then are answered SHUTTING_DOWN.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(30);

	/**
	 * Number of I/O threads; 0 for twice the number of cores.
	 */
	private int ioThreads = 0;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getAddress() {
		return this.address;
	}

	public void setAddress(String address) {
		this.address = address;
	}

	public DataSize getMaxLineLength() {
		return this.maxLineLength;
	}

	public void setMaxLineLength(DataSize maxLineLength) {
		this.maxLineLength = maxLineLength;
	}

	public int getMaxInFlight() {
		return this.maxInFlight;
	}

	public void setMaxInFlight(int maxInFlight) {
		this.maxInFlight = maxInFlight;
	}

	public String getSocketPermissions() {
		return this.socketPermissions;
	}

	public void setSocketPermissions(String socketPermissions) {
		this.socketPermissions = socketPermissions;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public int getIoThreads() {
		return this.ioThreads;
	}

	public void setIoThreads(int ioThreads) {
		this.ioThreads = ioThreads;
	}

}
