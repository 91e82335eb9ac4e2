package dev.socketipc.server;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.protocol.WireCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the server pipeline ({@link ServerPipeline}: the line framer then
 * {@link ServerConnection}) cuts the byte stream into requests, driven through an
 * {@link EmbeddedChannel} with calls run directly on the test thread.
 */
class ServerConnectionFramingTest {

	private static final int MAX_LINE = 128;

	private static final String REGISTER = "{\"action\":\"register\",\"methods\":[\"add\",\"echo\"],\"protocol\":1,\"features\":[\"ping\",\"meta\",\"events\",\"stream\"],\"topics\":[]}\n";

	private static final String TOO_LARGE = "{\"success\":false,\"error\":\"line exceeds the server's "
			+ "max-line-length of " + MAX_LINE + " bytes; closing the connection\",\"code\":\"TOO_LARGE\"}\n";

	private final FramingService service = new FramingService();

	private final List<EmbeddedChannel> channels = new ArrayList<>();

	@AfterEach
	void closeChannels() {
		for (EmbeddedChannel channel : this.channels) {
			channel.finishAndReleaseAll();
		}
	}

	@Test
	void registerLineIsTheFirstOutboundMessage() {
		EmbeddedChannel channel = newChannel();
		channel.writeInbound(buffer("{\"rid\":1,\"method\":\"add\",\"args\":[1,2]}\n"));
		assertThat(drain(channel)).containsExactly(REGISTER, "{\"success\":true,\"rid\":1,\"data\":3}\n");
	}

	@Test
	void requestSplitAtEveryBytePositionGivesOneAnswer() {
		byte[] request = bytes("{\"rid\":1,\"method\":\"add\",\"args\":[1,2,3,4,5]}\n");
		for (int split = 1; split < request.length; split++) {
			EmbeddedChannel channel = open();
			channel.writeInbound(Unpooled.copiedBuffer(request, 0, split));
			assertThat(drain(channel)).as("answer before the newline, split at %d", split).isEmpty();
			channel.writeInbound(Unpooled.copiedBuffer(request, split, request.length - split));
			assertThat(drain(channel)).as("split at %d", split)
				.containsExactly("{\"success\":true,\"rid\":1,\"data\":15}\n");
		}
		assertThat(this.service.addCalls).hasValue(request.length - 1);
	}

	@Test
	void severalRequestsInOneReadAreAllAnsweredInOrder() {
		EmbeddedChannel channel = open();
		channel.writeInbound(buffer(
				"{\"rid\":1,\"method\":\"add\",\"args\":[1]}\n" + "{\"rid\":2,\"method\":\"echo\",\"args\":[\"two\"]}\n"
						+ "{\"rid\":3,\"method\":\"add\",\"args\":[]}\n"));
		assertThat(drain(channel)).containsExactly("{\"success\":true,\"rid\":1,\"data\":1}\n",
				"{\"success\":true,\"rid\":2,\"data\":\"two\"}\n", "{\"success\":true,\"rid\":3,\"data\":0}\n");
	}

	@Test
	void answersOfOneReadLeaveAsOneBuffer() {
		EmbeddedChannel channel = open();
		channel.writeInbound(direct("{\"rid\":1,\"method\":\"add\",\"args\":[1]}\n{\"rid\":2,\"method\":\"nope\"}\n"
				+ "{\"rid\":3,\"method\":\"add\",\"args\":[2,3]}\n"));
		ByteBuf written = channel.readOutbound();
		try {
			assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo("{\"success\":true,\"rid\":1,\"data\":1}\n"
					+ "{\"success\":false,\"rid\":2,\"error\":\"method 'nope' is not exposed by this server\","
					+ "\"code\":\"METHOD_NOT_FOUND\"}\n" + "{\"success\":true,\"rid\":3,\"data\":5}\n");
		}
		finally {
			written.release();
		}
		assertThat((Object) channel.readOutbound()).isNull();
	}

	@Test
	void directReadsSplitAtEveryBytePositionGiveEveryAnswer() {
		byte[] requests = bytes("{\"rid\":1,\"method\":\"echo\",\"args\":[\"héllo\"]}\r\n\n"
				+ "{\"rid\":2,\"method\":\"add\",\"args\":[4,5]}\n");
		for (int split = 1; split < requests.length; split++) {
			EmbeddedChannel channel = open();
			channel.writeInbound(Unpooled.directBuffer().writeBytes(requests, 0, split));
			channel.writeInbound(Unpooled.directBuffer().writeBytes(requests, split, requests.length - split));
			assertThat(String.join("", drain(channel))).as("split at %d", split)
				.isEqualTo(
						"{\"success\":true,\"rid\":1,\"data\":\"héllo\"}\n{\"success\":true,\"rid\":2,\"data\":9}\n");
		}
	}

	@Test
	void crlfLineEndingsAreAccepted() {
		EmbeddedChannel channel = open();
		channel.writeInbound(buffer("{\"rid\":1,\"method\":\"add\",\"args\":[2,3]}\r\n"
				+ "{\"rid\":2,\"method\":\"echo\",\"args\":[\"x\"]}\r\n"));
		assertThat(drain(channel)).containsExactly("{\"success\":true,\"rid\":1,\"data\":5}\n",
				"{\"success\":true,\"rid\":2,\"data\":\"x\"}\n");
	}

	@Test
	void blankAndWhitespaceOnlyLinesAreIgnored() {
		EmbeddedChannel channel = open();
		channel.writeInbound(buffer("\n\r\n   \n\t \t\n \r\n"));
		assertThat(drain(channel)).isEmpty();
		assertThat(channel.isOpen()).isTrue();
		channel.writeInbound(buffer("\n{\"rid\":1,\"method\":\"add\",\"args\":[4]}\n\n"));
		assertThat(drain(channel)).containsExactly("{\"success\":true,\"rid\":1,\"data\":4}\n");
	}

	@Test
	void multiByteCharacterSplitAcrossReadsDecodesCorrectly() {
		String text = "héllo→世界";
		byte[] request = bytes("{\"rid\":2,\"method\":\"echo\",\"args\":[\"" + text + "\"]}\n");
		int splitsInsideCharacters = 0;
		for (int split = 1; split < request.length; split++) {
			if ((request[split] & 0xC0) != 0x80) {
				continue;
			}
			splitsInsideCharacters++;
			EmbeddedChannel channel = open();
			channel.writeInbound(Unpooled.copiedBuffer(request, 0, split));
			channel.writeInbound(Unpooled.copiedBuffer(request, split, request.length - split));
			assertThat(drain(channel)).as("split at %d", split)
				.containsExactly("{\"success\":true,\"rid\":2,\"data\":\"" + text + "\"}\n");
		}
		// é (2 bytes), → (3 bytes), 世 and 界 (3 bytes each): 1 + 2 + 2 + 2 positions
		// inside a character
		assertThat(splitsInsideCharacters).isEqualTo(7);
		assertThat(this.service.echoed).containsOnly(text).hasSize(7);
	}

	@Test
	void lineOfExactlyMaxLineLengthIsAccepted() {
		String request = "{\"rid\":1,\"method\":\"echo\",\"args\":[\"";
		String line = request + "x".repeat(MAX_LINE - request.length() - 3) + "\"]}";
		assertThat(bytes(line)).hasSize(MAX_LINE);
		EmbeddedChannel channel = open();
		channel.writeInbound(buffer(line + "\r\n"));
		assertThat(drain(channel)).singleElement().asString().startsWith("{\"success\":true,\"rid\":1,\"data\":\"xxx");
		assertThat(channel.isOpen()).isTrue();
	}

	@Test
	void tooLongLineIsAnsweredTooLargeAndClosesTheChannel() {
		EmbeddedChannel channel = open();
		channel.writeInbound(buffer("{\"rid\":1,\"method\":\"echo\",\"args\":[\"" + "x".repeat(MAX_LINE) + "\"]}\n"));
		assertThat(drain(channel)).containsExactly(TOO_LARGE);
		assertThat(channel.isOpen()).isFalse();
		assertThat(this.service.echoed).isEmpty();
	}

	@Test
	void requestAfterTooLongLineInTheSameReadIsNeverDispatched() {
		EmbeddedChannel channel = open();
		channel.writeInbound(buffer("y".repeat(MAX_LINE + 1) + "\n" + "{\"rid\":2,\"method\":\"add\",\"args\":[1]}\n"
				+ "{\"method\":\"echo\",\"args\":[\"late\"]}\n"));
		channel.runPendingTasks();
		channel.runScheduledPendingTasks();
		assertThat(drain(channel)).containsExactly(TOO_LARGE);
		assertThat(channel.isOpen()).isFalse();
		assertThat(this.service.addCalls).hasValue(0);
		assertThat(this.service.echoed).isEmpty();
	}

	@Test
	void newlineFreeFloodBeyondTheLimitClosesTheChannel() {
		EmbeddedChannel channel = open();
		int chunk = 16;
		int fed = 0;
		while (channel.isOpen() && fed < 1000) {
			channel.writeInbound(buffer("z".repeat(chunk)));
			fed++;
		}
		assertThat(channel.isOpen()).isFalse();
		// closed as soon as the buffered bytes passed the limit, not after the whole
		// flood
		assertThat(fed * chunk).isGreaterThan(MAX_LINE).isLessThanOrEqualTo(MAX_LINE + chunk);
		assertThat(drain(channel)).containsExactly(TOO_LARGE);
	}

	private EmbeddedChannel newChannel() {
		WireCodec codec = WireCodec.create();
		ServiceRegistry registry = ServiceRegistry.of(List.of(ServiceDefinition.of("", this.service)), codec);
		ServerRuntime runtime = new ServerRuntime(registry, codec, Runnable::run, 16, Duration.ofSeconds(30),
				ErrorDetails.MESSAGE);
		EmbeddedChannel channel = new EmbeddedChannel(ServerPipeline.lines(runtime, MAX_LINE));
		this.channels.add(channel);
		return channel;
	}

	/** A new channel whose register line has already been read. */
	private EmbeddedChannel open() {
		EmbeddedChannel channel = newChannel();
		assertThat(drain(channel)).containsExactly(REGISTER);
		return channel;
	}

	/**
	 * Runs pending event-loop tasks, then reads (and releases) every outbound buffer, cut
	 * into lines as {@link HostilePipeline#drain} does.
	 */
	static List<String> drain(EmbeddedChannel channel) {
		return HostilePipeline.text(HostilePipeline.drain(channel));
	}

	private static ByteBuf direct(String text) {
		return Unpooled.directBuffer().writeBytes(bytes(text));
	}

	private static ByteBuf buffer(String text) {
		return Unpooled.wrappedBuffer(bytes(text));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static final class FramingService {

		final AtomicInteger addCalls = new AtomicInteger();

		final List<String> echoed = new ArrayList<>();

		public int add(int... numbers) {
			this.addCalls.incrementAndGet();
			int sum = 0;
			for (int number : numbers) {
				sum += number;
			}
			return sum;
		}

		public String echo(String text) {
			this.echoed.add(text);
			return text;
		}

	}

}
