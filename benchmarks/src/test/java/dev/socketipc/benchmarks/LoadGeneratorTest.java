package dev.socketipc.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

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
 * The load generator against in-process servers over real sockets: it counts and times
 * correct answers, and fails the run at once on a wrong sum, an unknown rid, a failed
 * response or a missing register line, and compares payload answers byte for byte.
 */
class LoadGeneratorTest {

	private static final Duration WARMUP = Duration.ofMillis(50);

	private static final Duration WINDOW = Duration.ofMillis(150);

	/** The payload wire's argument variants and the answer data stored for each. */
	private static final List<String> PAYLOAD_ARGS = List.of("\"doc-1\"", "\"doc-2\"");

	private static final List<String> PAYLOAD_ANSWERS = List.of("{\"x\":1,\"s\":\"one\"}", "{\"x\":2,\"s\":\"two\"}");

	private EventLoopGroup serverGroup;

	private EventLoopGroup loadGroup;

	private Path dir;

	private Channel server;

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
		this.serverGroup.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
		this.loadGroup.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
		Files.deleteIfExists(this.dir.resolve("s.sock"));
		Files.deleteIfExists(this.dir);
	}

	@Test
	void countsAndTimesTheAnswersOfTheLimitServerOverUnix() {
		IpcAddress address = serve(unix(), LimitServer.FixedAnswer.INSTANCE);

		LoadResult result = LoadGenerator.run(this.loadGroup, new LoadGenerator.Config(address, 2, 8, WARMUP, WINDOW));

		assertThat(result.calls()).isPositive();
		assertThat(result.callsPerSecond()).isPositive();
		assertThat(result.latency().getTotalCount()).isEqualTo(result.calls());
		assertThat(result.p50Micros()).isPositive();
		assertThat(result.wrongAnswers()).isZero();
	}

	@Test
	void countsTheAnswersOfTheLimitServerOverTcp() {
		IpcAddress address = serve(IpcAddress.parse("tcp://127.0.0.1:0"), LimitServer.FixedAnswer.INSTANCE);

		LoadResult result = LoadGenerator.run(this.loadGroup, new LoadGenerator.Config(address, 1, 1, WARMUP, WINDOW));

		assertThat(result.calls()).isPositive();
	}

	@Test
	void failsOnAWrongSum() {
		IpcAddress address = serve(unix(),
				new Answering((rid, args) -> "{\"success\":true,\"rid\":" + rid + ",\"data\":16}"));

		assertThatThrownBy(
				() -> LoadGenerator.run(this.loadGroup, new LoadGenerator.Config(address, 1, 4, WARMUP, WINDOW)))
			.isInstanceOf(WrongAnswerException.class)
			.hasMessageContaining("wrong answer")
			.hasMessageContaining("\"data\":16");
	}

	@Test
	void failsOnADataFieldThatOnlyStartsWith15() {
		IpcAddress address = serve(unix(),
				new Answering((rid, args) -> "{\"success\":true,\"rid\":" + rid + ",\"data\":150}"));

		assertThatThrownBy(
				() -> LoadGenerator.run(this.loadGroup, new LoadGenerator.Config(address, 1, 1, WARMUP, WINDOW)))
			.isInstanceOf(WrongAnswerException.class)
			.hasMessageContaining("\"data\":150");
	}

	@Test
	void failsOnAFailedResponse() {
		IpcAddress address = serve(unix(), new Answering((rid, args) -> "{\"success\":false,\"rid\":" + rid
				+ ",\"data\":15,\"error\":\"no\",\"code\":\"SERVICE_ERROR\"}"));

		assertThatThrownBy(
				() -> LoadGenerator.run(this.loadGroup, new LoadGenerator.Config(address, 1, 1, WARMUP, WINDOW)))
			.isInstanceOf(WrongAnswerException.class)
			.hasMessageContaining("SERVICE_ERROR");
	}

	@Test
	void failsOnAnAnswerForARidThatIsNotOutstanding() {
		IpcAddress address = serve(unix(), new Answering(
				(rid, args) -> "{\"success\":true,\"rid\":" + (Long.parseLong(rid) + 1000) + ",\"data\":15}"));

		assertThatThrownBy(
				() -> LoadGenerator.run(this.loadGroup, new LoadGenerator.Config(address, 1, 2, WARMUP, WINDOW)))
			.isInstanceOf(WrongAnswerException.class)
			.hasMessageContaining("not outstanding");
	}

	@Test
	void failsWhenTheFirstLineIsNotRegister() {
		IpcAddress address = serve(unix(), new Answering(null));

		assertThatThrownBy(
				() -> LoadGenerator.run(this.loadGroup, new LoadGenerator.Config(address, 1, 1, WARMUP, WINDOW)))
			.isInstanceOf(WrongAnswerException.class)
			.hasMessageContaining("not a register message");
	}

	@Test
	void countsPayloadAnswersThatAreByteForByteTheExpectedLines() {
		IpcAddress address = serve(unix(), new Answering((rid, args) -> "{\"success\":true,\"rid\":" + rid
				+ ",\"data\":" + PAYLOAD_ANSWERS.get(PAYLOAD_ARGS.indexOf(args)) + "}"));

		LoadResult result = LoadGenerator.run(this.loadGroup,
				new LoadGenerator.Config(address, 1, 8, WARMUP, WINDOW, payloadWire()));

		assertThat(result.calls()).isPositive();
		assertThat(result.wrongAnswers()).isZero();
	}

	@Test
	void failsOnAPayloadAnswerWithOneByteOtherThanExpected() {
		// the answer to the second document carries "x":3 where "x":2 is stored
		IpcAddress address = serve(unix(), new Answering((rid, args) -> "{\"success\":true,\"rid\":" + rid
				+ ",\"data\":" + PAYLOAD_ANSWERS.get(PAYLOAD_ARGS.indexOf(args)).replace('2', '3') + "}"));

		assertThatThrownBy(() -> LoadGenerator.run(this.loadGroup,
				new LoadGenerator.Config(address, 1, 4, WARMUP, WINDOW, payloadWire())))
			.isInstanceOf(WrongAnswerException.class)
			.hasMessageContaining("wrong answer to get (not byte for byte the expected line)")
			.hasMessageContaining("\"x\":3");
	}

	@Test
	void failsOnAPayloadAnswerWithTheRightDataAndAnExtraField() {
		IpcAddress address = serve(unix(), new Answering((rid, args) -> "{\"success\":true,\"rid\":" + rid
				+ ",\"data\":" + PAYLOAD_ANSWERS.get(PAYLOAD_ARGS.indexOf(args)) + ",\"more\":1}"));

		assertThatThrownBy(() -> LoadGenerator.run(this.loadGroup,
				new LoadGenerator.Config(address, 1, 1, WARMUP, WINDOW, payloadWire())))
			.isInstanceOf(WrongAnswerException.class)
			.hasMessageContaining("wrong answer to get");
	}

	private static PayloadWire payloadWire() {
		return new PayloadWire("get", PAYLOAD_ARGS.stream().map(LoadGeneratorTest::ascii).toList(),
				PAYLOAD_ANSWERS.stream().map(LoadGeneratorTest::ascii).toList());
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	@Test
	void writesAndParsesDecimalRids() {
		ByteBuf out = Unpooled.buffer();
		try {
			AddWire.writeDecimal(out, 0);
			out.writeByte(',');
			AddWire.writeDecimal(out, 7);
			out.writeByte(',');
			AddWire.writeDecimal(out, 1234567890123L);
			assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("0,7,1234567890123");
		}
		finally {
			out.release();
		}
		byte[] line = "\"rid\":98765,".getBytes(StandardCharsets.US_ASCII);
		assertThat(AddWire.parseDecimal(line, 6, line.length)).isEqualTo(98765);
		assertThat(AddWire.parseDecimal(line, 0, line.length)).isEqualTo(-1);
	}

	private IpcAddress unix() {
		return IpcAddress.parse("unix:" + this.dir.resolve("s.sock"));
	}

	private IpcAddress serve(IpcAddress address, ChannelHandler handler) {
		this.server = new ServerBootstrap().group(this.serverGroup)
			.channel(Transports.serverChannelType(address))
			.childHandler(new ChannelInitializer<>() {
				@Override
				protected void initChannel(Channel channel) {
					channel.pipeline().addLast(new LineBasedFrameDecoder(4096), handler);
				}
			})
			.bind(address.socketAddress())
			.syncUninterruptibly()
			.channel();
		if (address instanceof IpcAddress.Tcp tcp) {
			return new IpcAddress.Tcp(tcp.host(), ((java.net.InetSocketAddress) this.server.localAddress()).getPort());
		}
		return address;
	}

	/**
	 * Sends register (or, with no answer function, a line that is not register), then
	 * answers each request.
	 */
	@ChannelHandler.Sharable
	private static final class Answering extends SimpleChannelInboundHandler<ByteBuf> {

		private final BiFunction<String, String, String> answer;

		/**
		 * @param answer the answer line (no newline) to a request's rid and the JSON of
		 * its {@code args} array's inside
		 */
		Answering(BiFunction<String, String, String> answer) {
			this.answer = answer;
		}

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			String first = (this.answer != null) ? new String(LimitServer.REGISTER, StandardCharsets.US_ASCII)
					: "{\"action\":\"hello\"}\n";
			ctx.writeAndFlush(Unpooled.copiedBuffer(first, StandardCharsets.US_ASCII));
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
			String text = line.toString(StandardCharsets.US_ASCII);
			int start = text.indexOf("\"rid\":") + 6;
			int end = text.indexOf(',', start);
			int args = text.indexOf("\"args\":[") + 8;
			String argsJson = text.substring(args, text.lastIndexOf(']'));
			ctx.writeAndFlush(Unpooled.copiedBuffer(this.answer.apply(text.substring(start, end), argsJson) + "\n",
					StandardCharsets.US_ASCII));
		}

	}

}
