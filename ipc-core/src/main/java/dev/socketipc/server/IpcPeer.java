package dev.socketipc.server;

import java.util.Optional;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import jdk.net.UnixDomainPrincipal;

/**
 * Who is calling: available to service code while an IPC call runs, for its own checks.
 *
 * <pre>{@code
 * public Report report(String id) {
 *     IpcPeer peer = IpcPeer.current().orElseThrow();
 *     peer.credentials().ifPresent((principal) -> audit(principal.user(), id));
 *     ...
 * }
 * }</pre>
 *
 * @param address the peer's address as the server sees it ({@code 127.0.0.1:51234},
 * {@code unix peer ...}, or the client channel's own name over {@code local:})
 * @param credentials the user and group of the peer process, on a Unix socket where the
 * platform tells them; over {@code local:}, this JVM's or those set with
 * {@link IpcServerBuilder#localPeer(long, long)}
 */
public record IpcPeer(String address, Optional<UnixDomainPrincipal> credentials) {

	static final AttributeKey<IpcPeer> ATTRIBUTE = AttributeKey.valueOf(IpcPeer.class.getName());

	/**
	 * On Netty's I/O threads, where direct calls run: an array slot rather than a hash
	 * lookup.
	 */
	private static final FastThreadLocal<IpcPeer> ON_IO_THREAD = new FastThreadLocal<>();

	/** On executor threads (virtual ones included), removed after each call. */
	private static final ThreadLocal<IpcPeer> ON_OTHER_THREAD = new ThreadLocal<>();

	/**
	 * Returns the peer of the IPC call running on this thread.
	 * @return the peer, or empty outside an IPC call
	 */
	public static Optional<IpcPeer> current() {
		return Optional.ofNullable(
				FastThreadLocalThread.currentThreadHasFastThreadLocal() ? ON_IO_THREAD.get() : ON_OTHER_THREAD.get());
	}

	static IpcPeer of(Channel channel) {
		IpcPeer peer = channel.attr(ATTRIBUTE).get();
		if (peer == null) {
			peer = new IpcPeer(dev.socketipc.transport.Transports.describePeer(channel), Optional.empty());
			channel.attr(ATTRIBUTE).set(peer);
		}
		return peer;
	}

	static IpcPeer enter(IpcPeer peer) {
		if (FastThreadLocalThread.currentThreadHasFastThreadLocal()) {
			IpcPeer previous = ON_IO_THREAD.get();
			ON_IO_THREAD.set(peer);
			return previous;
		}
		IpcPeer previous = ON_OTHER_THREAD.get();
		ON_OTHER_THREAD.set(peer);
		return previous;
	}

	static void exit(IpcPeer previous) {
		if (FastThreadLocalThread.currentThreadHasFastThreadLocal()) {
			ON_IO_THREAD.set(previous);
		}
		else if (previous == null) {
			ON_OTHER_THREAD.remove();
		}
		else {
			ON_OTHER_THREAD.set(previous);
		}
	}

}
