package dev.socketipc.benchmarks;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;

import dev.socketipc.transport.IoTransport;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * The limit: the least a Netty server can do and still speak the protocol for
 * {@code add}. It frames lines, copies the {@code rid} out of each request's bytes
 * without parsing JSON or dispatching anything, and answers the fixed
 * {@code {"success":true,"rid":R,"data":15}}; it writes in {@code channelRead} and
 * flushes once per read burst.
 *
 * <p>
 * Run as its own process: {@code LimitServer unix:/path | tcp://host:port}; it prints
 * {@code listening <address>} (with the bound port for TCP port 0) once it accepts
 * connections, and runs until killed.
 */
public final class LimitServer {

	static final byte[] REGISTER = "{\"action\":\"register\",\"methods\":[\"add\"],\"protocol\":1}\n"
		.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ANSWER_PREFIX = "{\"success\":true,\"rid\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ANSWER_SUFFIX = ",\"data\":15}\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] RID_FIELD = "\"rid\":".getBytes(StandardCharsets.US_ASCII);

	private LimitServer() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 1) {
			System.err.println("usage: LimitServer unix:/path/to.sock | tcp://host:port");
			System.exit(2);
		}
		IpcAddress address = IpcAddress.parse(args[0]);
		if (address instanceof IpcAddress.Unix unix) {
			Files.deleteIfExists(unix.path());
		}
		// -Dipc.transport picks the I/O transport, auto (epoll where it runs) when unset
		IoTransport transport = IoTransport.fromSystemProperty().resolve();
		EventLoopGroup group = Transports.newEventLoopGroup(0, "limit-server", false, address, transport);
		ServerBootstrap bootstrap = new ServerBootstrap().group(group)
			.channel(Transports.serverChannelType(address, transport))
			.childHandler(new ChannelInitializer<>() {
				@Override
				protected void initChannel(Channel channel) {
					channel.pipeline()
						.addLast(new LineBasedFrameDecoder(1024 * 1024, true, true))
						.addLast(FixedAnswer.INSTANCE);
				}
			});
		if (address instanceof IpcAddress.Tcp) {
			bootstrap.childOption(ChannelOption.TCP_NODELAY, true);
		}
		Channel server = bootstrap.bind(Transports.socketAddress(address.socketAddress(), transport))
			.syncUninterruptibly()
			.channel();
		IpcAddress bound = address;
		if (address instanceof IpcAddress.Tcp tcp && server.localAddress() instanceof InetSocketAddress inet) {
			bound = new IpcAddress.Tcp(tcp.host(), inet.getPort());
		}
		System.out.println("listening " + bound);
		System.out.flush();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.close().awaitUninterruptibly();
			if (address instanceof IpcAddress.Unix unix) {
				try {
					Files.deleteIfExists(unix.path());
				}
				catch (java.io.IOException ex) {
					// best effort at exit
				}
			}
		}));
		new CountDownLatch(1).await();
	}

	/** Answers every line; stateless, so one instance serves every connection. */
	@ChannelHandler.Sharable
	static final class FixedAnswer extends ChannelInboundHandlerAdapter {

		static final FixedAnswer INSTANCE = new FixedAnswer();

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			ctx.writeAndFlush(Unpooled.wrappedBuffer(REGISTER));
			ctx.fireChannelActive();
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ByteBuf line = (ByteBuf) msg;
			try {
				int ridStart = ridStart(line);
				if (ridStart < 0) {
					return;
				}
				int ridEnd = ridStart;
				while (ridEnd < line.writerIndex() && line.getByte(ridEnd) != ',' && line.getByte(ridEnd) != '}') {
					ridEnd++;
				}
				int ridLength = ridEnd - ridStart;
				ByteBuf answer = ctx.alloc().buffer(ANSWER_PREFIX.length + ridLength + ANSWER_SUFFIX.length);
				answer.writeBytes(ANSWER_PREFIX).writeBytes(line, ridStart, ridLength).writeBytes(ANSWER_SUFFIX);
				ctx.write(answer, ctx.voidPromise());
			}
			finally {
				line.release();
			}
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close();
		}

		private static int ridStart(ByteBuf line) {
			int last = line.writerIndex() - RID_FIELD.length;
			outer: for (int i = line.readerIndex(); i <= last; i++) {
				for (int j = 0; j < RID_FIELD.length; j++) {
					if (line.getByte(i + j) != RID_FIELD[j]) {
						continue outer;
					}
				}
				return i + RID_FIELD.length;
			}
			return -1;
		}

	}

}
