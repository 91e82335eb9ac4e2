package dev.socketipc.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Optional;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
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
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Picks the Netty channel types and event loops for an {@link IpcAddress}: for TCP and
 * Unix domain sockets those of an {@link IoTransport} (NIO, which needs no native
 * library, or Netty's native epoll or io_uring), and Netty's local transport
 * ({@code LocalServerChannel} / {@code LocalChannel}, on a {@link LocalIoHandler} event
 * loop) for {@code local:} addresses.
 */
public final class Transports {

	/** The native transports, in the order a group is checked against. */
	private static final IoTransport[] NATIVE = { IoTransport.EPOLL, IoTransport.IO_URING };

	/** Any socket address: what a group of socket channels is created for. */
	private static final IpcAddress SOCKETS = new IpcAddress.Tcp("localhost", 0);

	private static final ChannelOption<UnixDomainPrincipal> NIO_PEER_CREDENTIALS = NioChannelOption
		.of(ExtendedSocketOptions.SO_PEERCRED);

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
	 * Creates an NIO event loop group that can run the channels of an address: NIO for
	 * Unix and TCP sockets, Netty's local I/O handler for {@code local:} addresses.
	 * @param threads the number of threads, {@code 0} for Netty's default (twice the
	 * cores)
	 * @param name the thread name prefix
	 * @param daemon whether its threads are daemons
	 * @param address the address whose channels the group runs
	 * @return a new event loop group
	 */
	public static EventLoopGroup newEventLoopGroup(int threads, String name, boolean daemon, IpcAddress address) {
		return newEventLoopGroup(threads, name, daemon, address, IoTransport.NIO);
	}

	/**
	 * Creates an event loop group that can run the channels of an address on a transport:
	 * the transport's for Unix and TCP sockets, Netty's local I/O handler for
	 * {@code local:} addresses.
	 * @param threads the number of threads, {@code 0} for Netty's default (twice the
	 * cores)
	 * @param name the thread name prefix
	 * @param daemon whether its threads are daemons
	 * @param address the address whose channels the group runs
	 * @param transport the transport, {@link IoTransport#AUTO} resolved here
	 * @return a new event loop group
	 * @throws IllegalStateException when the transport cannot run here (see
	 * {@link IoTransport#resolve()})
	 */
	public static EventLoopGroup newEventLoopGroup(int threads, String name, boolean daemon, IpcAddress address,
			IoTransport transport) {
		IoHandlerFactory handlers;
		if (address instanceof IpcAddress.Local) {
			handlers = LocalIoHandler.newFactory();
		}
		else {
			IoTransport resolved = transport.resolve();
			handlers = (resolved == IoTransport.NIO) ? NioIoHandler.newFactory()
					: NativeIo.of(resolved).handlerFactory();
		}
		return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, daemon), handlers);
	}

	/**
	 * Creates an event loop group for Unix and TCP sockets on a transport.
	 * @param threads the number of threads, {@code 0} for Netty's default (twice the
	 * cores)
	 * @param name the thread name prefix
	 * @param daemon whether its threads are daemons
	 * @param transport the transport, {@link IoTransport#AUTO} resolved here
	 * @return a new event loop group
	 * @throws IllegalStateException when the transport cannot run here (see
	 * {@link IoTransport#resolve()})
	 */
	public static EventLoopGroup newEventLoopGroup(int threads, String name, boolean daemon, IoTransport transport) {
		return newEventLoopGroup(threads, name, daemon, SOCKETS, transport);
	}

	/**
	 * Returns the transport a group's event loops run: {@link IoTransport#EPOLL} or
	 * {@link IoTransport#IO_URING} for Netty's native I/O handlers,
	 * {@link IoTransport#NIO} for any other group (NIO, or a {@code local:} group, whose
	 * channels take no transport).
	 * @param group an event loop group
	 * @return the transport of its channels
	 */
	public static IoTransport transportOf(EventLoopGroup group) {
		// iterator(), not next(): next() would move the group's round robin
		EventExecutor executor = group.iterator().next();
		if (executor instanceof IoEventLoop loop && !loop.isCompatible(NioIoHandle.class)) {
			for (IoTransport transport : NATIVE) {
				NativeIo io = NativeIo.of(transport);
				if (io != null && io.runs(loop)) {
					return transport;
				}
			}
		}
		return IoTransport.NIO;
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
		EventExecutor executor = group.iterator().next();
		if (executor instanceof IoEventLoop io) {
			if (address instanceof IpcAddress.Local) {
				return io.isCompatible(LocalIoHandle.class);
			}
			if (io.isCompatible(NioIoHandle.class)) {
				return true;
			}
			for (IoTransport transport : NATIVE) {
				NativeIo nativeIo = NativeIo.of(transport);
				if (nativeIo != null && nativeIo.runs(io)) {
					return true;
				}
			}
			return false;
		}
		return !(address instanceof IpcAddress.Local) || executor instanceof SingleThreadEventLoop;
	}

	/**
	 * Returns the NIO server channel type for the address.
	 * @param address where to listen
	 * @return the channel class
	 */
	public static Class<? extends ServerChannel> serverChannelType(IpcAddress address) {
		return serverChannelType(address, IoTransport.NIO);
	}

	/**
	 * Returns the server channel type for the address on a transport.
	 * @param address where to listen
	 * @param transport a resolved transport (see {@link #transportOf(EventLoopGroup)})
	 * @return the channel class
	 */
	public static Class<? extends ServerChannel> serverChannelType(IpcAddress address, IoTransport transport) {
		if (address instanceof IpcAddress.Local) {
			return LocalServerChannel.class;
		}
		boolean unix = address instanceof IpcAddress.Unix;
		if (transport == IoTransport.EPOLL || transport == IoTransport.IO_URING) {
			return nativeIo(transport).serverChannelType(unix);
		}
		return unix ? NioServerDomainSocketChannel.class : NioServerSocketChannel.class;
	}

	/**
	 * Returns the NIO client channel type for the address.
	 * @param address where to connect
	 * @return the channel class
	 */
	public static Class<? extends Channel> channelType(IpcAddress address) {
		return channelType(address, IoTransport.NIO);
	}

	/**
	 * Returns the client channel type for the address on a transport.
	 * @param address where to connect
	 * @param transport a resolved transport (see {@link #transportOf(EventLoopGroup)})
	 * @return the channel class
	 */
	public static Class<? extends Channel> channelType(IpcAddress address, IoTransport transport) {
		if (address instanceof IpcAddress.Local) {
			return LocalChannel.class;
		}
		boolean unix = address instanceof IpcAddress.Unix;
		if (transport == IoTransport.EPOLL || transport == IoTransport.IO_URING) {
			return nativeIo(transport).channelType(unix);
		}
		return unix ? NioDomainSocketChannel.class : NioSocketChannel.class;
	}

	/**
	 * Returns the socket address a channel of a transport binds or connects to: Netty's
	 * native channels take their own Unix socket address in place of Java's.
	 * @param address an address as {@link IpcAddress#socketAddress()} or a staged bind
	 * path gives it
	 * @param transport a resolved transport
	 * @return the address to hand to the channel
	 */
	public static SocketAddress socketAddress(SocketAddress address, IoTransport transport) {
		if (address instanceof UnixDomainSocketAddress unix
				&& (transport == IoTransport.EPOLL || transport == IoTransport.IO_URING)) {
			return NativeIo.domainSocketAddress(unix.getPath());
		}
		return address;
	}

	/**
	 * Returns the credentials of a Unix socket channel's peer ({@code SO_PEERCRED}), on
	 * NIO or a native transport.
	 * @param channel a connected channel
	 * @return the peer's user and group, empty for a channel that has none (TCP) or when
	 * the platform does not tell
	 * @throws IllegalStateException when the credentials cannot be read
	 */
	public static Optional<UnixDomainPrincipal> peerCredentials(Channel channel) {
		if (channel instanceof NioDomainSocketChannel) {
			return Optional.ofNullable(channel.config().getOption(NIO_PEER_CREDENTIALS));
		}
		for (IoTransport transport : NATIVE) {
			NativeIo io = NativeIo.of(transport);
			if (io != null) {
				try {
					long[] ids = io.peerCredentials(channel);
					if (ids != null) {
						return Optional.of(PeerPrincipals.of(ids[0], ids[1]));
					}
				}
				catch (IOException ex) {
					throw new IllegalStateException("Cannot read the peer's credentials: " + ex.getMessage(), ex);
				}
			}
		}
		return Optional.empty();
	}

	private static NativeIo nativeIo(IoTransport transport) {
		NativeIo io = NativeIo.of(transport);
		if (io == null) {
			throw new IllegalStateException(
					IoTransport.PROPERTY + "=" + transport + ": " + NativeIo.unavailabilityCause(transport));
		}
		return io;
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
		String nativePath = (remote != null) ? NativeIo.domainSocketPath(remote) : null;
		if (nativePath != null && !nativePath.isEmpty()) {
			return "unix:" + nativePath;
		}
		return "unix peer " + channel.id().asShortText();
	}

	/**
	 * Created on first use only.
	 */
	private static final class LocalClients {

		static final EventLoopGroup GROUP = newEventLoopGroup(1, "ipc-local-client", true,
				new IpcAddress.Local("shared"), IoTransport.NIO);

	}

}
