package dev.socketipc.transport;

import java.io.IOException;

import io.netty.channel.Channel;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.PeerCredentials;

/**
 * Netty's epoll transport; loaded only once its classes are known to be on the class path
 * (see {@link NativeIo}).
 */
final class EpollIo implements NativeIo {

	@Override
	public String unavailability() {
		return Epoll.isAvailable() ? null : String.valueOf(Epoll.unavailabilityCause());
	}

	@Override
	public IoHandlerFactory handlerFactory() {
		return EpollIoHandler.newFactory();
	}

	@Override
	public boolean runs(IoEventLoop loop) {
		return loop.isCompatible(EpollIoHandle.class);
	}

	@Override
	public Class<? extends ServerChannel> serverChannelType(boolean unix) {
		return unix ? EpollServerDomainSocketChannel.class : EpollServerSocketChannel.class;
	}

	@Override
	public Class<? extends Channel> channelType(boolean unix) {
		return unix ? EpollDomainSocketChannel.class : EpollSocketChannel.class;
	}

	@Override
	public long[] peerCredentials(Channel channel) throws IOException {
		if (channel instanceof EpollDomainSocketChannel unix) {
			PeerCredentials credentials = unix.peerCredentials();
			return new long[] { credentials.uid(), credentials.gids()[0] };
		}
		return null;
	}

}
