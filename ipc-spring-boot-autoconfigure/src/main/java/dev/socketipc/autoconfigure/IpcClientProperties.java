package dev.socketipc.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.ReconnectBackoff;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of IPC clients, under {@code ipc.client}.
 */
@ConfigurationProperties("ipc.client")
public class IpcClientProperties {

	/**
	 * How long a call waits for its answer, connecting included, unless its server or
	 * method sets its own.
	 */
	private Duration timeout = ClientOptions.DEFAULT_TIMEOUT;

	/**
	 * How long one connection attempt may take, until the server's register line: a
	 * server that accepts the connection but sends none in time is disconnected and
	 * retried, and the calls waiting for it fail as not sent.
	 */
	private Duration connectTimeout = IpcConnection.DEFAULT_CONNECT_TIMEOUT;

	/**
	 * Whether to connect on the first call rather than when the client bean is created.
	 */
	private boolean lazy = false;

	/**
	 * Whether a call made while its server is unavailable (a connection attempt failed
	 * and none has succeeded since) waits for the server until its timeout, rather than
	 * failing at once; calls made while the first attempt is in progress wait for it
	 * either way.
	 */
	private boolean waitForReady = ClientOptions.defaults().waitForReady();

	/**
	 * Interval of the heartbeat: a quiet connection sends a ping this often and is closed
	 * when nothing arrives for three intervals; 0 for no heartbeat. Only servers that
	 * announce protocol 1 or later are pinged.
	 */
	private Duration heartbeatInterval = IpcConnection.DEFAULT_HEARTBEAT_INTERVAL;

	/**
	 * How long a synchronous caller spins for its answer before it parks, when its
	 * connection has no other call in flight (and at most cores - 1 callers spin at
	 * once); 0 to park at once. At most 1ms.
	 */
	private Duration spinWait = IpcConnection.DEFAULT_SPIN_WAIT;

	/**
	 * Longest answer line accepted.
	 */
	private DataSize maxLineLength = DataSize.ofBytes(IpcConnection.DEFAULT_MAX_LINE_LENGTH);

	/**
	 * How lb://<serviceId> servers follow their instances.
	 */
	public static class Discovery {

		/**
		 * How often the instance list of each lb:// server is read again, so that
		 * connections to instances that left are closed; new instances are used as soon
		 * as the load balancer chooses them.
		 */
		private Duration refreshInterval = Duration.ofSeconds(5);

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

	}

	/**
	 * Backoff between reconnection attempts.
	 */
	private final Reconnect reconnect = new Reconnect();

	/**
	 * Micrometer observations of the client's calls.
	 */
	private final Observations observations = new Observations();

	/**
	 * Instances of lb://<serviceId> servers, found through Spring Cloud.
	 */
	private final Discovery discovery = new Discovery();

	/**
	 * Servers by the name given in @IpcClient: ipc.client.servers.<name>.address,
	 * timeout, lazy, wait-for-ready, method-timeouts.<method>, allowed-server-uids,
	 * ssl.bundle, verify-contract and application-events.
	 */
	private final Map<String, Server> servers = new LinkedHashMap<>();

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public boolean isWaitForReady() {
		return this.waitForReady;
	}

	public void setWaitForReady(boolean waitForReady) {
		this.waitForReady = waitForReady;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public boolean isLazy() {
		return this.lazy;
	}

	public void setLazy(boolean lazy) {
		this.lazy = lazy;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public Duration getSpinWait() {
		return this.spinWait;
	}

	public void setSpinWait(Duration spinWait) {
		this.spinWait = spinWait;
	}

	public DataSize getMaxLineLength() {
		return this.maxLineLength;
	}

	public void setMaxLineLength(DataSize maxLineLength) {
		this.maxLineLength = maxLineLength;
	}

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	public Map<String, Server> getServers() {
		return this.servers;
	}

	public Observations getObservations() {
		return this.observations;
	}

	public Discovery getDiscovery() {
		return this.discovery;
	}

	/**
	 * Backoff between reconnection attempts.
	 */
	public static class Reconnect {

		/**
		 * Delay before the first reconnection attempt.
		 */
		private Duration initialBackoff = ReconnectBackoff.DEFAULT.initial();

		/**
		 * Longest delay between reconnection attempts.
		 */
		private Duration maxBackoff = ReconnectBackoff.DEFAULT.max();

		/**
		 * Growth of the delay after each failed attempt.
		 */
		private double multiplier = ReconnectBackoff.DEFAULT.multiplier();

		/**
		 * Random spread of each delay, from 0 (none) to 1 (plus or minus 100%).
		 */
		private double jitter = ReconnectBackoff.DEFAULT.jitter();

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

	}

	/**
	 * One server that @IpcClient interfaces name.
	 */
	public static class Server {

		/**
		 * Address of the server, unix:/path/to.sock, tcp://host:port, local:name (in this
		 * JVM) or self (this application's own server, wherever it bound). Defaults to
		 * unix:
		 * <dir>
		 * /<name>.sock, the default address of a server whose spring.application.name is
		 * this entry's name, run by the same user.
		 */
		private String address;

		/**
		 * How long a call to this server waits for its answer; defaults to
		 * ipc.client.timeout.
		 */
		private Duration timeout;

		/**
		 * Whether to connect on the first call; defaults to ipc.client.lazy.
		 */
		private Boolean lazy;

		/**
		 * Whether calls made while this server is unavailable wait for it until their
		 * timeout rather than fail at once; defaults to ipc.client.wait-for-ready.
		 */
		private Boolean waitForReady;

		/**
		 * Uids the server may run as, checked on a Unix socket (SO_PEERCRED) before
		 * anything is sent; a server running as another user is disconnected. Empty to
		 * trust whoever listens on the address.
		 */
		private List<Long> allowedServerUids = new ArrayList<>();

		/**
		 * Timeouts of single methods, by Java method name or wire name.
		 */
		private final Map<String, Duration> methodTimeouts = new LinkedHashMap<>();

		/**
		 * TLS for the connection to this server.
		 */
		private final Ssl ssl = new Ssl();

		/**
		 * What to do when the server's register does not list a method of its @IpcClient
		 * interfaces: warn (log it once per change), fail (also mark the server's
		 * ipcClients health DOWN and fail calls to those methods at once) or off.
		 */
		private VerifyContract verifyContract = VerifyContract.WARN;

		/**
		 * Whether to subscribe to every topic the server lists and republish its events
		 * as IpcTopicEvent application events, for @EventListener methods.
		 */
		private boolean applicationEvents = false;

		/**
		 * Methods, by Java method name or wire name, that an lb:// client may make again
		 * on another instance when the connection was lost after the request was written,
		 * as @IpcMethod(idempotent = true) marks them.
		 */
		private List<String> idempotentMethods = new ArrayList<>();

		public List<String> getIdempotentMethods() {
			return this.idempotentMethods;
		}

		public void setIdempotentMethods(List<String> idempotentMethods) {
			this.idempotentMethods = idempotentMethods;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		public String getAddress() {
			return this.address;
		}

		public void setAddress(String address) {
			this.address = address;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Boolean getLazy() {
			return this.lazy;
		}

		public void setLazy(Boolean lazy) {
			this.lazy = lazy;
		}

		public Boolean getWaitForReady() {
			return this.waitForReady;
		}

		public void setWaitForReady(Boolean waitForReady) {
			this.waitForReady = waitForReady;
		}

		public List<Long> getAllowedServerUids() {
			return this.allowedServerUids;
		}

		public void setAllowedServerUids(List<Long> allowedServerUids) {
			this.allowedServerUids = allowedServerUids;
		}

		public Map<String, Duration> getMethodTimeouts() {
			return this.methodTimeouts;
		}

		public VerifyContract getVerifyContract() {
			return this.verifyContract;
		}

		public void setVerifyContract(VerifyContract verifyContract) {
			this.verifyContract = verifyContract;
		}

		public boolean isApplicationEvents() {
			return this.applicationEvents;
		}

		public void setApplicationEvents(boolean applicationEvents) {
			this.applicationEvents = applicationEvents;
		}

	}

	/**
	 * What the contract check does with the methods of a server's {@code @IpcClient}
	 * interfaces that its {@code register} does not list
	 * ({@code ipc.client.servers.<name>.verify-contract}).
	 */
	public enum VerifyContract {

		/**
		 * Log them at WARN, once per change; calls to them fail with METHOD_NOT_FOUND.
		 */
		WARN,

		/**
		 * Log them, mark the server's {@code ipcClients} health {@code DOWN} and fail
		 * calls to them at once, naming the contract check.
		 */
		FAIL,

		/** No check. */
		OFF

	}

	/**
	 * TLS settings of a client connection.
	 */
	public static class Ssl {

		/**
		 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) that trusts the
		 * server, and holds the client's own key for mutual TLS; TLS is off when unset.
		 */
		private String bundle;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Micrometer observations of the client's calls.
	 */
	public static class Observations {

		/**
		 * Whether to observe every call of the @IpcClient proxies when the application
		 * has an ObservationRegistry (timers named ipc.client, spans with tracing).
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
