package dev.socketipc.testsupport;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.socket.ChannelOutputShutdownEvent;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * A {@link LineLink} on a Netty {@link LocalChannel}, the only way to reach a
 * {@code local:} server. Half-close follows the server's convention for local channels:
 * {@link ChannelOutputShutdownEvent#INSTANCE} is sent as the last message.
 */
final class LocalLink implements LineLink {

	/** One daemon event loop for every local line client of the JVM. */
	private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1,
			new DefaultThreadFactory("line-client-local", true), LocalIoHandler.newFactory());

	private final Channel channel;

	private final Reader reader;

	private LocalLink(Channel channel, Reader reader) {
		this.channel = channel;
		this.reader = reader;
	}

	/**
	 * Connects without reading until {@link #startReading(LineClient)}.
	 * @throws ConnectException when nothing is bound to the address
	 */
	static LocalLink connect(LocalAddress address) throws IOException {
		Reader reader = new Reader();
		ChannelFuture connected = new Bootstrap().group(GROUP)
			.channel(LocalChannel.class)
			.option(ChannelOption.AUTO_READ, false)
			.handler(reader)
			.connect(address)
			.awaitUninterruptibly();
		if (!connected.isSuccess()) {
			ConnectException refused = new ConnectException("cannot connect to " + address);
			refused.initCause(connected.cause());
			throw refused;
		}
		return new LocalLink(connected.channel(), reader);
	}

	@Override
	public void write(ByteBuffer bytes) throws IOException {
		ByteBuf copy = Unpooled.copiedBuffer(bytes);
		bytes.position(bytes.limit());
		send(copy);
	}

	@Override
	public void shutdownOutput() throws IOException {
		send(ChannelOutputShutdownEvent.INSTANCE);
	}

	private void send(Object message) throws IOException {
		ChannelFuture written = this.channel.writeAndFlush(message).awaitUninterruptibly();
		if (!written.isSuccess()) {
			ClosedChannelException closed = new ClosedChannelException();
			closed.initCause(written.cause());
			throw closed;
		}
	}

	@Override
	public void startReading(LineClient client) {
		this.reader.client = client;
		if (this.reader.inactive) {
			client.ended();
		}
		this.channel.config().setAutoRead(true);
	}

	@Override
	public void close() {
		this.channel.close().awaitUninterruptibly();
	}

	/** Hands what arrives to the client once it reads. */
	private static final class Reader extends ChannelInboundHandlerAdapter {

		private volatile LineClient client;

		private volatile boolean inactive;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ByteBuf bytes = (ByteBuf) msg;
			try {
				byte[] copy = new byte[bytes.readableBytes()];
				bytes.readBytes(copy);
				this.client.received(copy, copy.length);
			}
			finally {
				bytes.release();
			}
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			this.inactive = true;
			LineClient reading = this.client;
			if (reading != null) {
				reading.ended();
			}
		}

	}

}
