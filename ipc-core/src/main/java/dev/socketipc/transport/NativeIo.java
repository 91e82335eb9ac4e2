package dev.socketipc.transport;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;

import io.netty.channel.Channel;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;

/**
 * One of Netty's native transports, epoll or io_uring, seen through the few things the
 * project needs of it. Its implementations ({@link EpollIo}, {@link IoUringIo}) are the
 * only classes that name the native transport's classes, and are loaded only once
 * {@link #of} has found those classes on the class path, so the core runs without the
 * native jars.
 */
interface NativeIo {

	/** Creates the event loops' I/O handlers. */
	IoHandlerFactory handlerFactory();

	/** Tells whether an event loop runs this transport's channels. */
	boolean runs(IoEventLoop loop);

	/** The server channel class, for a Unix socket or for TCP. */
	Class<? extends ServerChannel> serverChannelType(boolean unix);

	/** The client channel class, for a Unix socket or for TCP. */
	Class<? extends Channel> channelType(boolean unix);

	/** Returns why the transport cannot run here, {@code null} when it can. */
	String unavailability();

	/**
	 * Returns the peer's uid and gid of a Unix socket channel of this transport, or
	 * {@code null} for another channel.
	 */
	long[] peerCredentials(Channel channel) throws IOException;

	/**
	 * Returns why the transport cannot run here, or {@code null} when it can.
	 * @param transport {@link IoTransport#EPOLL} or {@link IoTransport#IO_URING}
	 */
	static String unavailabilityCause(IoTransport transport) {
		NativeIo io = of(transport);
		if (io == null) {
			return "its classes are not on the class path (add io.netty:netty-transport-native-"
					+ ((transport == IoTransport.EPOLL) ? "epoll" : "io_uring") + " with the classifier "
					+ "linux-x86_64 or linux-aarch_64)";
		}
		return (transport == IoTransport.EPOLL) ? LoadedEpoll.UNAVAILABILITY : LoadedIoUring.UNAVAILABILITY;
	}

	/**
	 * Returns the native transport, once it is known to be on the class path.
	 * @param transport {@link IoTransport#EPOLL} or {@link IoTransport#IO_URING}
	 * @return its view, or {@code null} when its classes are not on the class path
	 */
	static NativeIo of(IoTransport transport) {
		return switch (transport) {
			case EPOLL -> LoadedEpoll.IO;
			case IO_URING -> LoadedIoUring.IO;
			default -> null;
		};
	}

	/**
	 * Returns Netty's native Unix socket address for a path, which the native channels
	 * take in place of {@link java.net.UnixDomainSocketAddress}.
	 */
	static SocketAddress domainSocketAddress(Path path) {
		return NativeAddresses.of(path);
	}

	/**
	 * Returns the path of Netty's native Unix socket address, or {@code null} when the
	 * address is another kind (or Netty's Unix classes are not on the class path).
	 */
	static String domainSocketPath(SocketAddress address) {
		return LoadedUnixCommon.PRESENT ? NativeAddresses.path(address) : null;
	}

	/** Which transports can run, as a test can fake it. */
	@FunctionalInterface
	interface Availability {

		/**
		 * Returns why the transport cannot run, or {@code null} when it can.
		 * @param transport {@link IoTransport#EPOLL} or {@link IoTransport#IO_URING}
		 */
		String unavailabilityCause(IoTransport transport);

	}

	/** Whether a class is on the class path, without initializing it. */
	private static boolean present(String className) {
		try {
			Class.forName(className, false, NativeIo.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * Netty's Unix classes, checked on first use; apart from the transports so that
	 * naming a peer never loads a native library.
	 */
	final class LoadedUnixCommon {

		static final boolean PRESENT = present("io.netty.channel.unix.DomainSocketAddress");

		private LoadedUnixCommon() {
		}

	}

	/** Epoll, checked and loaded on first use. */
	final class LoadedEpoll {

		static final NativeIo IO = (LoadedUnixCommon.PRESENT && present("io.netty.channel.epoll.Epoll")) ? new EpollIo()
				: null;

		static final String UNAVAILABILITY = (IO != null) ? IO.unavailability() : null;

		private LoadedEpoll() {
		}

	}

	/** Io_uring, checked and loaded on first use. */
	final class LoadedIoUring {

		static final NativeIo IO = (LoadedUnixCommon.PRESENT && present("io.netty.channel.uring.IoUring"))
				? new IoUringIo() : null;

		static final String UNAVAILABILITY = (IO != null) ? IO.unavailability() : null;

		private LoadedIoUring() {
		}

	}

}
