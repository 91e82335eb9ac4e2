package dev.socketipc.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.server.ErrorDetails;
import dev.socketipc.server.EventOverflow;
import dev.socketipc.server.IpcServer;
import dev.socketipc.transport.Tls;

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
	 * Address to listen on, unix:/path/to.sock or tcp://host:port (port 0 for any free
	 * port). Defaults to unix:
	 * <dir>
	 * /<spring.application.name>.sock ("ipc" when the name is unset), where
	 * <dir>
	 * is $XDG_RUNTIME_DIR or else <java.io.tmpdir>/socket-ipc-<uid>, created owner-only.
	 */
	private String address;

	/**
	 * Longest line accepted; a longer one is answered TOO_LARGE and its connection
	 * closed.
	 */
	private DataSize maxLineLength = DataSize.ofBytes(IpcServerBuilder.DEFAULT_MAX_LINE_LENGTH);

	/**
	 * Calls that may run at once on one connection; as many more wait (control lines such
	 * as cancel and ping are still read), then the server stops reading from it.
	 */
	private int maxInFlight = IpcServerBuilder.DEFAULT_MAX_IN_FLIGHT;

	/**
	 * Permissions of the Unix socket file, as rw------- or an octal mode such as 600;
	 * empty to keep what the umask gives.
	 */
	private String socketPermissions = IpcServerBuilder.DEFAULT_SOCKET_PERMISSIONS;

	/**
	 * Time running calls get to finish when the server stops; calls still running then
	 * are answered SHUTTING_DOWN.
	 */
	private Duration shutdownTimeout = IpcServerBuilder.DEFAULT_SHUTDOWN_TIMEOUT;

	/**
	 * Number of I/O threads; 0 for twice the number of cores.
	 */
	private int ioThreads = 0;

	/**
	 * Time a line may stay incomplete (bytes without a newline) before its connection is
	 * closed; 0 to never close.
	 */
	private Duration readTimeout = IpcServerBuilder.DEFAULT_READ_TIMEOUT;

	/**
	 * Time a connection may stay silent, with no call running, before it is closed; 0 to
	 * keep idle connections.
	 */
	private Duration idleTimeout = Duration.ZERO;

	/**
	 * Connections kept open at once; past it a new connection gets an OVERLOADED error
	 * line and is closed. 0 for no limit.
	 */
	private int maxConnections = 0;

	/**
	 * Permissions of directories created for the Unix socket, such as rwx------; empty to
	 * keep what the umask gives.
	 */
	private String socketDirectoryPermissions;

	/**
	 * User ids whose processes may connect to the Unix socket; empty for any. Checked
	 * with SO_PEERCRED.
	 */
	private List<Long> allowedUids = new ArrayList<>();

	/**
	 * Group ids whose processes may connect to the Unix socket; empty for any. Checked
	 * with SO_PEERCRED.
	 */
	private List<Long> allowedGids = new ArrayList<>();

	/**
	 * What a caller reads of an exception its call threw: message (every exception's
	 * message, as the seed sends it), expected (only messages of IpcServiceException and
	 * IllegalArgumentException) or none. Unexpected exceptions are logged with their
	 * stack trace whatever the choice.
	 */
	private ErrorDetails errorDetails = IpcServerBuilder.DEFAULT_ERROR_DETAILS;

	/**
	 * Topics the application publishes to with the IpcEventPublisher bean, listed in the
	 * register line beside those of @IpcTopic methods; not empty, not starting with $.
	 */
	private List<String> topics = new ArrayList<>();

	/**
	 * Items a streaming method may produce for a caller that did not ask for a stream (a
	 * seed client), collected into one array; past it the call is answered
	 * TOO_MANY_ITEMS.
	 */
	private int maxStreamItems = IpcServerBuilder.DEFAULT_MAX_STREAM_ITEMS;

	/**
	 * Events pushed to subscribed connections.
	 */
	private final Events events = new Events();

	/**
	 * Micrometer observations of the server's calls.
	 */
	private final Observations observations = new Observations();

	/**
	 * TLS for the server's connections.
	 */
	private final Ssl ssl = new Ssl();

	/**
	 * What the server tells a Spring Cloud service registry.
	 */
	private final Discovery discovery = new Discovery();

	public Discovery getDiscovery() {
		return this.discovery;
	}

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

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public String getSocketDirectoryPermissions() {
		return this.socketDirectoryPermissions;
	}

	public void setSocketDirectoryPermissions(String socketDirectoryPermissions) {
		this.socketDirectoryPermissions = socketDirectoryPermissions;
	}

	public List<Long> getAllowedUids() {
		return this.allowedUids;
	}

	public void setAllowedUids(List<Long> allowedUids) {
		this.allowedUids = allowedUids;
	}

	public ErrorDetails getErrorDetails() {
		return this.errorDetails;
	}

	public void setErrorDetails(ErrorDetails errorDetails) {
		this.errorDetails = errorDetails;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public List<Long> getAllowedGids() {
		return this.allowedGids;
	}

	public void setAllowedGids(List<Long> allowedGids) {
		this.allowedGids = allowedGids;
	}

	public Observations getObservations() {
		return this.observations;
	}

	public List<String> getTopics() {
		return this.topics;
	}

	public void setTopics(List<String> topics) {
		this.topics = topics;
	}

	public int getMaxStreamItems() {
		return this.maxStreamItems;
	}

	public void setMaxStreamItems(int maxStreamItems) {
		this.maxStreamItems = maxStreamItems;
	}

	public Events getEvents() {
		return this.events;
	}

	/**
	 * What the server tells a Spring Cloud service registry.
	 */
	public static class Discovery {

		/**
		 * Whether a server on TCP writes ipc.port (the port it listens on) and
		 * ipc.protocol (its protocol revision) into the metadata of the application's
		 * Spring Cloud Registration, so that lb:// clients call that port rather than the
		 * registered (HTTP) one.
		 */
		private boolean publishMetadata = true;

		public boolean isPublishMetadata() {
			return this.publishMetadata;
		}

		public void setPublishMetadata(boolean publishMetadata) {
			this.publishMetadata = publishMetadata;
		}

	}

	/**
	 * Events pushed to subscribed connections.
	 */
	public static class Events {

		/**
		 * Events one connection queues while its client reads more slowly than they are
		 * published; past it the overflow policy applies.
		 */
		private int bufferSize = IpcServerBuilder.DEFAULT_EVENT_BUFFER_SIZE;

		/**
		 * What a connection whose event buffer is full does with a new event:
		 * drop-oldest, drop-newest or close (the connection, logged). Every event dropped
		 * is counted (ipc.server.events.dropped).
		 */
		private EventOverflow overflow = IpcServerBuilder.DEFAULT_EVENT_OVERFLOW;

		public int getBufferSize() {
			return this.bufferSize;
		}

		public void setBufferSize(int bufferSize) {
			this.bufferSize = bufferSize;
		}

		public EventOverflow getOverflow() {
			return this.overflow;
		}

		public void setOverflow(EventOverflow overflow) {
			this.overflow = overflow;
		}

	}

	/**
	 * TLS settings of the server.
	 */
	public static class Ssl {

		/**
		 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) holding the server's
		 * key and the trusted client certificates; TLS is off when unset.
		 */
		private String bundle;

		/**
		 * Whether clients must present a trusted certificate: none, want or need (mutual
		 * TLS).
		 */
		private Tls.ClientAuth clientAuth = Tls.ClientAuth.NONE;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

		public Tls.ClientAuth getClientAuth() {
			return this.clientAuth;
		}

		public void setClientAuth(Tls.ClientAuth clientAuth) {
			this.clientAuth = clientAuth;
		}

	}

	/**
	 * Micrometer observations of the server's calls.
	 */
	public static class Observations {

		/**
		 * Whether to observe every call the server answers when the application has an
		 * ObservationRegistry (timers named ipc.server, spans with tracing).
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
