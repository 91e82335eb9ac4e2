package dev.socketipc.server;

import io.netty.channel.Channel;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * Keeps a connection open for writing after its peer shut down its write side
 * ({@code shutdown(SHUT_WR)}, as {@code socat} and {@code nc -N} do), so that answers to
 * calls already read still go out.
 *
 * <p>
 * Netty's {@code ALLOW_HALF_CLOSURE} option cannot do this on every transport: the NIO
 * read loop only honours it for a TCP {@code SocketChannelConfig}, and closes a Unix
 * domain socket channel at end of input whatever its config says. The read loop does
 * leave a channel open when its input is already shut down when the end is reached, so
 * this allocator, wrapped around the channel's own, shuts the input down as soon as a
 * read reports the end; Netty then fires
 * {@link io.netty.channel.socket.ChannelInputShutdownReadComplete} instead of closing, on
 * TCP and Unix sockets alike.
 *
 * <p>
 * Netty's native channels (epoll, io_uring) keep a channel whose input is already shut
 * down open the same way; io_uring, like NIO, ignores the option on Unix sockets. Their
 * read loops cast the handle to {@link ExtendedHandle}, which the handle here therefore
 * is.
 */
final class HalfClose implements RecvByteBufAllocator {

	private final RecvByteBufAllocator delegate;

	private final DuplexChannel channel;

	private HalfClose(RecvByteBufAllocator delegate, DuplexChannel channel) {
		this.delegate = delegate;
		this.channel = channel;
	}

	/**
	 * Installs the allocator on a channel before its first read, or on a {@code local:}
	 * channel the {@link LocalHalfClose} handler first in its pipeline; channels that
	 * cannot half-close are left alone.
	 * @param channel a new child channel
	 */
	static void install(Channel channel) {
		if (channel instanceof DuplexChannel duplex) {
			channel.config().setRecvByteBufAllocator(new HalfClose(channel.config().getRecvByteBufAllocator(), duplex));
		}
		else if (channel instanceof LocalChannel) {
			channel.pipeline().addLast("halfClose", LocalHalfClose.INSTANCE);
		}
	}

	@Override
	public Handle newHandle() {
		return new EndOfInput(this.delegate.newHandle());
	}

	/**
	 * Shuts the input down when a read reports the end; an {@link ExtendedHandle}, as the
	 * native transports' read loops require, asking the channel's own handle whether to
	 * go on reading.
	 */
	private final class EndOfInput extends DelegatingHandle implements ExtendedHandle {

		EndOfInput(Handle delegate) {
			super(delegate);
		}

		@Override
		public void lastBytesRead(int bytes) {
			super.lastBytesRead(bytes);
			if (bytes < 0 && !HalfClose.this.channel.isInputShutdown()) {
				HalfClose.this.channel.shutdownInput();
			}
		}

		@Override
		public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
			return (delegate() instanceof ExtendedHandle extended) ? extended.continueReading(maybeMoreDataSupplier)
					: continueReading();
		}

	}

}
