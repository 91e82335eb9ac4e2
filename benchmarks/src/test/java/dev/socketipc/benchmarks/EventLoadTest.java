package dev.socketipc.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The events cell's subscribers against an in-process server over a real Unix socket that
 * answers {@code $subscribe} and acknowledgements and, when the fake control starts it,
 * writes a scripted list of lines to every subscriber: every event published and not
 * received counts as dropped, and a repeated, malformed or early event fails the run.
 */
class EventLoadTest {

	private static final Duration WARMUP = Duration.ofMillis(50);

	private static final Duration WINDOW = Duration.ofMillis(150);

	private EventLoopGroup serverGroup;

	private EventLoopGroup loadGroup;

	private Path dir;

	private Channel server;

	private final ScriptedServer scripted = new ScriptedServer();

	@BeforeEach
	void setUp() throws IOException {
		this.serverGroup = Transports.newEventLoopGroup(1, "test-server");
		this.loadGroup = Transports.newEventLoopGroup(1, "test-load");
		this.dir = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void tearDown() throws IOException {
		if (this.server != null) {
			this.server.close().syncUninterruptibly();
		}
		this.serverGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
		this.loadGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
		Files.deleteIfExists(this.dir.resolve("s.sock"));
		Files.deleteIfExists(this.dir);
	}

	@Test
	void countsEveryEventNotReceivedAsDroppedInGapsAndAtTheEnd() {
		this.scripted.script = List.of(event(1), event(2), event(4), event(5));
		this.scripted.published = 7;

		EventResult result = EventLoad.run(this.loadGroup, this.scripted, config(2, 0));

		assertThat(result.subscribers()).isEqualTo(2);
		assertThat(result.published()).isEqualTo(7);
		// each subscriber: seq 3 in a gap, 6 and 7 never came
		assertThat(result.drops()).isEqualTo(2 * 3);
		assertThat(result.serverDrops()).isEqualTo(11);
		assertThat(this.scripted.started).containsExactly("eventsStart(7, 2, 0)");
	}

	@Test
	void countsNoDropWhenEveryEventArrives() {
		this.scripted.script = List.of(event(1), event(2), event(3));
		this.scripted.published = 3;

		EventResult result = EventLoad.run(this.loadGroup, this.scripted, config(1, 0));

		assertThat(result.drops()).isZero();
	}

	@Test
	void acknowledgesEveryQuarterOfTheCreditAndChecksTheAnswers() {
		this.scripted.script = List.of(event(1), event(2), event(3), event(4), event(5));
		this.scripted.published = 5;

		EventResult result = EventLoad.run(this.loadGroup, this.scripted, config(1, 8));

		assertThat(result.drops()).isZero();
		assertThat(this.scripted.acks).containsExactly("{\"rid\":2,\"method\":\"eventsAck\",\"args\":[7,0,2]}",
				"{\"rid\":3,\"method\":\"eventsAck\",\"args\":[7,0,4]}");
	}

	@Test
	void failsOnARepeatedEvent() {
		this.scripted.script = List.of(event(1), event(2), event(2));
		this.scripted.published = 3;

		assertThatThrownBy(() -> EventLoad.run(this.loadGroup, this.scripted, config(1, 0)))
			.isInstanceOf(WrongAnswerException.class)
			.hasMessageContaining("event seq 2 after seq 2");
	}

	@Test
	void failsOnAnEventWithMoreThanItsSequenceNumber() {
		this.scripted.script = List.of(event(1),
				"{\"action\":\"event\",\"topic\":\"bench\",\"data\":{\"seq\":2,\"extra\":1}}");
		this.scripted.published = 2;

		assertThatThrownBy(() -> EventLoad.run(this.loadGroup, this.scripted, config(1, 0)))
			.isInstanceOf(WrongAnswerException.class)
			.hasMessageContaining("wrong event line")
			.hasMessageContaining("\"extra\":1");
	}

	@Test
	void failsOnAnEventOfAnotherTopic() {
		this.scripted.script = List.of("{\"action\":\"event\",\"topic\":\"other\",\"data\":{\"seq\":1}}");
		this.scripted.published = 1;

		assertThatThrownBy(() -> EventLoad.run(this.loadGroup, this.scripted, config(1, 0)))
			.isInstanceOf(WrongAnswerException.class)
			.hasMessageContaining("\"topic\":\"other\"");
	}

	@Test
	void failsOnAnEventBeforeTheSubscribeAnswer() {
		this.scripted.eventBeforeAnswer = true;

		assertThatThrownBy(() -> EventLoad.run(this.loadGroup, this.scripted, config(1, 0)))
			.isInstanceOf(WrongAnswerException.class)
			.hasMessageContaining("before the $subscribe answer");
	}

	@Test
	void failsOnAFailedSubscribeAnswer() {
		this.scripted.subscribeAnswer = "{\"success\":false,\"rid\":1,\"error\":\"Unknown topic 'bench'\","
				+ "\"code\":\"UNKNOWN_TOPIC\"}";

		assertThatThrownBy(() -> EventLoad.run(this.loadGroup, this.scripted, config(1, 0)))
			.isInstanceOf(WrongAnswerException.class)
			.hasMessageContaining("UNKNOWN_TOPIC");
	}

	private EventLoad.Config config(int subscribers, int credit) {
		IpcAddress address = IpcAddress.parse("unix:" + this.dir.resolve("s.sock"));
		this.server = new ServerBootstrap().group(this.serverGroup)
			.channel(Transports.serverChannelType(address))
			.childHandler(new ChannelInitializer<>() {
				@Override
				protected void initChannel(Channel channel) {
					channel.pipeline().addLast(new LineBasedFrameDecoder(4096), EventLoadTest.this.scripted);
				}
			})
			.bind(address.socketAddress())
			.syncUninterruptibly()
			.channel();
		return new EventLoad.Config(7, address, subscribers, credit, WARMUP, WINDOW);
	}

	private static String event(long seq) {
		return "{\"action\":\"event\",\"topic\":\"bench\",\"data\":{\"seq\":" + seq + "}}";
	}

	/**
	 * Answers {@code $subscribe} and acknowledgements; {@link #eventsStart} writes the
	 * script to every subscribed connection.
	 */
	@ChannelHandler.Sharable
	private static final class ScriptedServer extends SimpleChannelInboundHandler<ByteBuf>
			implements EventLoad.Control {

		final List<Channel> subscribed = new CopyOnWriteArrayList<>();

		final List<String> acks = new CopyOnWriteArrayList<>();

		final List<String> started = new CopyOnWriteArrayList<>();

		volatile List<String> script = List.of();

		volatile long published;

		volatile boolean eventBeforeAnswer;

		volatile String subscribeAnswer = "{\"success\":true,\"rid\":1,\"data\":null}";

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			ctx.writeAndFlush(Unpooled.wrappedBuffer(LimitServer.REGISTER));
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
			String text = line.toString(StandardCharsets.US_ASCII);
			if (text.equals("{\"rid\":1,\"method\":\"$subscribe\",\"args\":[\"bench\"]}")) {
				this.subscribed.add(ctx.channel());
				write(ctx.channel(),
						this.eventBeforeAnswer ? event(1) + "\n" + this.subscribeAnswer : this.subscribeAnswer);
				return;
			}
			this.acks.add(text);
			int start = text.indexOf("\"rid\":") + 6;
			int end = text.indexOf(',', start);
			write(ctx.channel(), "{\"success\":true,\"rid\":" + text.substring(start, end) + ",\"data\":null}");
		}

		@Override
		public void eventsStart(int run, int subscribers, int credit) {
			this.started.add("eventsStart(" + run + ", " + subscribers + ", " + credit + ")");
			for (Channel channel : this.subscribed) {
				write(channel, String.join("\n", this.script));
			}
		}

		@Override
		public long[] eventsStop() {
			return new long[] { this.published, 11 };
		}

		private static void write(Channel channel, String lines) {
			if (!lines.isEmpty()) {
				channel.writeAndFlush(Unpooled.copiedBuffer(lines + "\n", StandardCharsets.US_ASCII));
			}
		}

	}

}
