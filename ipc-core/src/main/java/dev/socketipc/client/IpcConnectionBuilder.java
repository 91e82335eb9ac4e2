package dev.socketipc.client;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.transport.IoTransport;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.Tls;
import dev.socketipc.transport.DurationText;
import io.netty.channel.EventLoopGroup;

/**
 * Builds an {@link IpcConnection}. Every setting but the address has a default.
 */
public final class IpcConnectionBuilder {

	final IpcAddress address;

	WireCodec codec;

	EventLoopGroup group;

	IoTransport transport;

	Duration connectTimeout = IpcConnection.DEFAULT_CONNECT_TIMEOUT;

	int maxLineLength = IpcConnection.DEFAULT_MAX_LINE_LENGTH;

	ReconnectBackoff backoff = ReconnectBackoff.DEFAULT;

	Duration heartbeatInterval = IpcConnection.DEFAULT_HEARTBEAT_INTERVAL;

	Tls tls;

	List<Long> allowedServerUids = List.of();

	Duration spinWait = IpcConnection.DEFAULT_SPIN_WAIT;

	IpcConnectionBuilder(IpcAddress address) {
		this.address = address;
	}

	/**
	 * Sets the codec, and so the Jackson mapper that writes arguments and reads results.
	 * @param codec the codec
	 * @return this builder
	 */
	public IpcConnectionBuilder codec(WireCodec codec) {
		this.codec = codec;
		return this;
	}

	/**
	 * Shares an event loop group with other connections; the connection then does not
	 * shut it down. By default the connection owns a one-thread group, or for a
	 * {@code local:} address uses the one daemon thread all local clients of the JVM
	 * share. A group that cannot run the address's channels is not used: a {@code local:}
	 * connection given an NIO group (a registry's, say) also runs on that shared thread,
	 * so closing it ends no event loop.
	 * @param group the group
	 * @return this builder
	 */
	public IpcConnectionBuilder eventLoopGroup(EventLoopGroup group) {
		this.group = group;
		return this;
	}

	/**
	 * Sets the I/O transport of the connection's own event loop group: NIO, or Netty's
	 * native epoll or io_uring, whose jars must then be on the class path. Without it the
	 * system property {@value IoTransport#PROPERTY} decides, {@code auto} when unset. A
	 * group given to {@link #eventLoopGroup(EventLoopGroup)} runs its own transport
	 * instead.
	 * @param transport the transport, {@code null} for the system property's
	 * @return this builder
	 */
	public IpcConnectionBuilder transport(IoTransport transport) {
		this.transport = transport;
		return this;
	}

	/**
	 * Sets how long one connection attempt may take, TLS handshake and the server's
	 * {@code register} line included: a server that accepts the connection but sends no
	 * {@code register} in time is disconnected and retried, and the calls waiting for it
	 * fail as not sent ({@link IpcConnectionException#requestSent()} is {@code false}).
	 * @param timeout the timeout, positive
	 * @return this builder
	 */
	public IpcConnectionBuilder connectTimeout(Duration timeout) {
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("connect-timeout must be positive, got " + DurationText.format(timeout));
		}
		this.connectTimeout = timeout;
		return this;
	}

	/**
	 * Sets the longest answer line accepted.
	 * @param bytes the limit in bytes, at least 64
	 * @return this builder
	 */
	public IpcConnectionBuilder maxLineLength(int bytes) {
		if (bytes < 64) {
			throw new IllegalArgumentException("max-line-length must be at least 64 bytes, got " + bytes);
		}
		this.maxLineLength = bytes;
		return this;
	}

	/**
	 * Sets the backoff between reconnection attempts.
	 * @param backoff the backoff
	 * @return this builder
	 */
	public IpcConnectionBuilder reconnectBackoff(ReconnectBackoff backoff) {
		this.backoff = Objects.requireNonNull(backoff, "backoff");
		return this;
	}

	/**
	 * Speaks TLS to the server, checking over TCP that its certificate names the host
	 * connected to. Not for {@code local:} addresses, which never leave the JVM.
	 * @param tls the TLS settings, or {@code null} (the default) for plaintext
	 * @return this builder
	 */
	public IpcConnectionBuilder tls(Tls tls) {
		if (tls != null && this.address instanceof IpcAddress.Local) {
			throw new IllegalArgumentException("TLS cannot be used with " + this.address
					+ ": a local: address never leaves this JVM, so there is nothing to encrypt; "
					+ "remove the client's ssl settings or use a tcp:// address");
		}
		this.tls = tls;
		return this;
	}

	/**
	 * Turns on the heartbeat: when the connection has been quiet for this long, the
	 * client sends {@code {"action":"ping"}}, and when nothing at all arrives for three
	 * intervals it closes the connection (failing pending calls) and reconnects. Only
	 * used with servers whose {@code register} announces protocol 1 or later; seed
	 * servers are never pinged.
	 * @param interval the interval, {@code 0} (the default) for no heartbeat
	 * @return this builder
	 */
	public IpcConnectionBuilder heartbeatInterval(Duration interval) {
		if (interval == null || interval.isNegative()) {
			throw new IllegalArgumentException(
					"heartbeat-interval must not be negative, got " + DurationText.format(interval));
		}
		this.heartbeatInterval = interval;
		return this;
	}

	/**
	 * Talks only to a server running as one of these users: on a Unix socket, the
	 * server's credentials ({@code SO_PEERCRED}) are read as each connection opens, and a
	 * server running as another user is disconnected before anything is read or sent
	 * (calls then fail naming its user). Over {@code local:} the server runs in this JVM:
	 * its user is this process's own.
	 * @param uids the allowed uids, empty (the default) to trust whoever listens on the
	 * address
	 * @return this builder
	 * @throws IllegalArgumentException when uids are given for a TCP address, whose
	 * peer's user is unknown
	 */
	public IpcConnectionBuilder allowedServerUids(Collection<Long> uids) {
		if (!uids.isEmpty() && this.address instanceof IpcAddress.Tcp) {
			throw new IllegalArgumentException("allowed-server-uids needs a Unix socket address: the user of a "
					+ "server at " + this.address + " cannot be known");
		}
		this.allowedServerUids = List.copyOf(uids);
		return this;
	}

	/**
	 * Lets a synchronous caller spin for its answer this long before it parks: an answer
	 * that comes within the spin saves the park and the wake-up, which cost more than a
	 * whole call over a Unix socket. Only a connection with at most one call in flight
	 * spins, and at most {@code max(1, cores - 1)} callers of the JVM at once; the others
	 * park at once, so busy connections lose nothing. Asynchronous calls never spin. Off
	 * by default: it pays when the server answers on another machine's or process's cores
	 * within the spin (one caller over a Unix socket to a direct method: +13 % on 2
	 * cores), and costs when the server needs the core the spinner holds (client and
	 * server in one JVM on 2 cores, a method on the task executor: −28 %).
	 * @param spin how long to spin, {@code 0} for never; at most 1ms (default 0: no spin)
	 * @return this builder
	 */
	public IpcConnectionBuilder spinWait(Duration spin) {
		this.spinWait = SpinWait.check(spin);
		return this;
	}

	/**
	 * Builds the connection; it connects on {@link IpcConnection#connect()} or on the
	 * first call.
	 * @return the connection
	 */
	public IpcConnection build() {
		return new IpcConnection(this);
	}

}
