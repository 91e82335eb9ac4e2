package dev.socketipc.transport;

import java.io.IOException;

import io.netty.channel.Channel;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringIoHandle;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.channel.unix.PeerCredentials;

/**
 * Netty's io_uring transport; loaded only once its classes are known to be on the class
 * path (see {@link NativeIo}).
 */
final class IoUringIo implements NativeIo {

	@Override
	public String unavailability() {
		return IoUring.isAvailable() ? null : String.valueOf(IoUring.unavailabilityCause());
	}

	@Override
	public IoHandlerFactory handlerFactory() {
		return IoUringIoHandler.newFactory();
	}

	@Override
	public boolean runs(IoEventLoop loop) {
		return loop.isCompatible(IoUringIoHandle.class);
	}

	@Override
	public Class<? extends ServerChannel> serverChannelType(boolean unix) {
		return unix ? IoUringServerDomainSocketChannel.class : IoUringServerSocketChannel.class;
	}

	@Override
	public Class<? extends Channel> channelType(boolean unix) {
		return unix ? IoUringDomainSocketChannel.class : IoUringSocketChannel.class;
	}

	@Override
	public long[] peerCredentials(Channel channel) throws IOException {
		if (channel instanceof IoUringDomainSocketChannel unix) {
			PeerCredentials credentials = unix.peerCredentials();
			return new long[] { credentials.uid(), credentials.gids()[0] };
		}
		return null;
	}

}
