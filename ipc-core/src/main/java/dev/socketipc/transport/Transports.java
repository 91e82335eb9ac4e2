package dev.socketipc.transport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandle;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandle;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Picks the Netty channel types and event loops for an {@link IpcAddress}: plain NIO for
 * both TCP and Unix domain sockets, so no native library is needed, and Netty's local
 * transport ({@code LocalServerChannel} / {@code LocalChannel}, on a
 * {@link LocalIoHandler} event loop) for {@code local:} addresses.
 */
public final class Transports {

	private Transports() {
	}

	/**
	 * Creates an NIO event loop group with non-daemon threads named after the given
	 * prefix, for servers, which keep the JVM alive while they run.
	 * @param threads the number of threads, {@code 0} for Netty's default (twice the
	 * cores)
	 * @param name the thread name prefix
	 * @return a new event loop group
	 */
	public static EventLoopGroup newEventLoopGroup(int threads, String name) {
		return newEventLoopGroup(threads, name, false);
	}

	/**
	 * Creates an NIO event loop group named after the given prefix.
	 * @param threads the number of threads, {@code 0} for Netty's default (twice the
	 * cores)
	 * @param name the thread name prefix
	 * @param daemon whether its threads are daemons, as a client's are: they must not
	 * keep the JVM alive
	 * @return a new event loop group
	 */
	public static EventLoopGroup newEventLoopGroup(int threads, String name, boolean daemon) {
		return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, daemon),
				NioIoHandler.newFactory());
	}

	/**
	 * Creates an event loop group that can run the channels of an address: NIO for Unix
	 * and TCP sockets, Netty's local I/O handler for {@code local:} addresses.
	 * @param threads the number of threads, {@code 0} for Netty's default (twice the
	 * cores)
	 * @param name the thread name prefix
	 * @param daemon whether its threads are daemons
	 * @param address the address whose channels the group runs
	 * @return a new event loop group
	 */
	public static EventLoopGroup newEventLoopGroup(int threads, String name, boolean daemon, IpcAddress address) {
		IoHandlerFactory handlers = (address instanceof IpcAddress.Local) ? LocalIoHandler.newFactory()
				: NioIoHandler.newFactory();
		return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, daemon), handlers);
	}

	/**
	 * Returns the one event loop group of this JVM's {@code local:} client connections
	 * that bring none of their own: a daemon thread that lives as long as the JVM, so a
	 * closing connection never ends the loop its server still hands its close to. Never
	 * shut it down.
	 * @return the shared group
	 */
	public static EventLoopGroup localClientGroup() {
		return LocalClients.GROUP;
	}

	/**
	 * Returns how long a server's event loop group of the address's channels stays quiet
	 * before it ends: {@code 0} for sockets; for {@code local:}, long enough that the
	 * client end (in the same JVM, on another group) can still hand over its close, which
	 * Netty's local channel does on the peer's event loop and logs as a warning when that
	 * loop has already ended.
	 * @param address the address whose channels the group ran
	 * @return the quiet period in milliseconds
	 */
	public static long quietPeriodMillis(IpcAddress address) {
		return (address instanceof IpcAddress.Local) ? 100 : 0;
	}

	/**
	 * Tells whether a group's event loops can run the channels of an address: an NIO
	 * group cannot run {@code local:} channels, nor a local group socket channels.
	 * @param group an event loop group
	 * @param address the address whose channels it should run
	 * @return {@code true} when a channel of that address can register with the group
	 */
	public static boolean canRun(EventLoopGroup group, IpcAddress address) {
		EventLoop loop = group.next();
		if (loop instanceof IoEventLoop io) {
			return io.isCompatible((address instanceof IpcAddress.Local) ? LocalIoHandle.class : NioIoHandle.class);
		}
		return !(address instanceof IpcAddress.Local) || loop instanceof SingleThreadEventLoop;
	}

	/**
	 * Returns the server channel type for the address.
	 * @param address where to listen
	 * @return the channel class
	 */
	public static Class<? extends ServerChannel> serverChannelType(IpcAddress address) {
		if (address instanceof IpcAddress.Local) {
			return LocalServerChannel.class;
		}
		return (address instanceof IpcAddress.Unix) ? NioServerDomainSocketChannel.class : NioServerSocketChannel.class;
	}

	/**
	 * Returns the client channel type for the address.
	 * @param address where to connect
	 * @return the channel class
	 */
	public static Class<? extends Channel> channelType(IpcAddress address) {
		if (address instanceof IpcAddress.Local) {
			return LocalChannel.class;
		}
		return (address instanceof IpcAddress.Unix) ? NioDomainSocketChannel.class : NioSocketChannel.class;
	}

	/**
	 * Describes a channel's remote peer for log lines.
	 * @param channel a connected channel
	 * @return the peer, or {@code "unix peer"} for a Unix socket whose peer has no name,
	 * or the client's own {@code local:} name (Netty gives each one an id)
	 */
	public static String describePeer(Channel channel) {
		SocketAddress remote = channel.remoteAddress();
		if (remote instanceof LocalAddress local) {
			return local.toString();
		}
		if (remote instanceof InetSocketAddress inet) {
			return inet.getAddress().getHostAddress() + ":" + inet.getPort();
		}
		if (remote instanceof UnixDomainSocketAddress unix && !unix.getPath().toString().isEmpty()) {
			return "unix:" + unix.getPath();
		}
		return "unix peer " + channel.id().asShortText();
	}

	/**
	 * Created on first use only.
	 */
	private static final class LocalClients {

		static final EventLoopGroup GROUP = newEventLoopGroup(1, "ipc-local-client", true,
				new IpcAddress.Local("shared"));

	}

}
