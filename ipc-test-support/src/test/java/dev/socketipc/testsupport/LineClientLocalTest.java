package dev.socketipc.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.socket.ChannelOutputShutdownEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/**
 * {@link LineClient} over a Netty local channel, against a bare local server that answers
 * every message it reads with {@code got <text>} and closes once it reads the
 * end-of-output message.
 */
class LineClientLocalTest {

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());

	private final List<String> received = new CopyOnWriteArrayList<>();

	private final LocalAddress address = new LocalAddress(TestTransport.newAddressName());

	private Channel server;

	@BeforeEach
	void startServer() {
		this.server = new ServerBootstrap().group(this.group)
			.channel(LocalServerChannel.class)
			.childHandler(new ChannelInboundHandlerAdapter() {

				@Override
				public void channelRead(ChannelHandlerContext ctx, Object msg) {
					if (msg == ChannelOutputShutdownEvent.INSTANCE) {
						LineClientLocalTest.this.received.add("<end of output>");
						ctx.writeAndFlush(Unpooled.copiedBuffer("bye\n", StandardCharsets.UTF_8))
							.addListener((f) -> ctx.close());
						return;
					}
					ByteBuf bytes = (ByteBuf) msg;
					String text = bytes.toString(StandardCharsets.UTF_8);
					bytes.release();
					LineClientLocalTest.this.received.add(text);
					ctx.writeAndFlush(
							Unpooled.copiedBuffer("got " + text.replace("\n", "|") + "\n", StandardCharsets.UTF_8));
				}

			})
			.bind(this.address)
			.syncUninterruptibly()
			.channel();
	}

	@AfterEach
	void stopServer() {
		this.server.close().syncUninterruptibly();
		this.group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
	}

	@Test
	void writesLinesReadsAnswersAndHalfClosesAfterTheLinesBeforeIt() throws IOException {
		try (LineClient client = LineClient.connect(this.address)) {
			client.send("one");
			assertThat(client.readLine()).isEqualTo("got one|");

			client.write("two\nthree");
			client.shutdownOutput();

			assertThat(client.readLine()).isEqualTo("got two|three");
			assertThat(client.readLine()).isEqualTo("bye");
			client.awaitEndOfStream();
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(this.received).containsExactly("one\n", "two\nthree", "<end of output>");
	}

	@Test
	void aClientThatStartsReadingLateStillGetsWhatWasSent() throws IOException {
		try (LineClient client = LineClient.connectWithoutReading(this.address, 0)) {
			client.send("early");
			await().until(() -> this.received.size() == 1);

			client.startReading();

			assertThat(client.readLine()).isEqualTo("got early|");
		}
	}

	@Test
	void nameNobodyBindsIsRefused() {
		LocalAddress unbound = new LocalAddress(TestTransport.newAddressName());

		assertThatIOException().isThrownBy(() -> LineClient.connect(unbound))
			.withMessage("cannot connect to " + unbound);
		assertThat(LineClient.accepts(unbound)).isFalse();
		assertThat(LineClient.accepts(this.address)).isTrue();
	}

}
