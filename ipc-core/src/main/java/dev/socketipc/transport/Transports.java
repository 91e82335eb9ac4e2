package dev.socketipc.transport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Picks the Netty channel types and event loops for an {@link IpcAddress}: plain NIO for
 * both TCP and Unix domain sockets, so no native library is needed.
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
	 * Returns the server channel type for the address.
	 * @param address where to listen
	 * @return the channel class
	 */
	public static Class<? extends ServerChannel> serverChannelType(IpcAddress address) {
		return (address instanceof IpcAddress.Unix) ? NioServerDomainSocketChannel.class : NioServerSocketChannel.class;
	}

	/**
	 * Returns the client channel type for the address.
	 * @param address where to connect
	 * @return the channel class
	 */
	public static Class<? extends Channel> channelType(IpcAddress address) {
		return (address instanceof IpcAddress.Unix) ? NioDomainSocketChannel.class : NioSocketChannel.class;
	}

	/**
	 * Describes a channel's remote peer for log lines.
	 * @param channel a connected channel
	 * @return the peer, or {@code "unix peer"} for a Unix socket whose peer has no name
	 */
	public static String describePeer(Channel channel) {
		SocketAddress remote = channel.remoteAddress();
		if (remote instanceof InetSocketAddress inet) {
			return inet.getAddress().getHostAddress() + ":" + inet.getPort();
		}
		if (remote instanceof UnixDomainSocketAddress unix && !unix.getPath().toString().isEmpty()) {
			return "unix:" + unix.getPath();
		}
		return "unix peer " + channel.id().asShortText();
	}

}
