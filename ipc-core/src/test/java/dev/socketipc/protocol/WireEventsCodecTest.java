package dev.socketipc.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The wire of issue 12 in the codec: the {@code topics} of a {@code register} line, the
 * {@code event}, {@code next} and {@code cancel} lines, and a request's {@code stream},
 * read and written, invalid values included.
 */
class WireEventsCodecTest {

	private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

	private final WireCodec codec = WireCodec.create();

	@Test
	void readsTheTopicsOfARegisterAndNoneWhenAbsentOrNotAnArray() {
		assertThat(decode("{\"action\":\"register\",\"methods\":[\"add\"],\"protocol\":1,"
				+ "\"features\":[\"ping\",\"meta\",\"events\",\"stream\"],\"topics\":[\"prices\",\"clock\"]}"))
			.isEqualTo(new WireMessage.Register(List.of("add"), 1, List.of("ping", "meta", "events", "stream"),
					List.of("prices", "clock")));
		assertThat(decode("{\"action\":\"register\",\"methods\":[\"add\"],\"topics\":[]}"))
			.isEqualTo(new WireMessage.Register(List.of("add"), 0, List.of(), List.of()));
		assertThat(decode("{\"action\":\"register\",\"methods\":[\"add\"]}"))
			.isEqualTo(new WireMessage.Register(List.of("add"), 0, List.of(), List.of()));
		assertThat(decode("{\"action\":\"register\",\"methods\":[],\"topics\":\"prices\"}"))
			.isEqualTo(new WireMessage.Register(List.of(), 0, List.of(), List.of()));
	}

	@Test
	void aNullAmongTheNamesOfARegisterIsSkippedRatherThanFailingTheLine() {
		assertThat(decode("{\"action\":\"register\",\"methods\":[],\"features\":[null,\"ping\"],"
				+ "\"topics\":[\"a\",null,{\"x\":1}]}"))
			.isEqualTo(new WireMessage.Register(List.of(), 0, List.of("ping"), List.of("a")));
	}

	@Test
	void writesTheTopicsAfterTheFeaturesEvenWhenEmpty() {
		assertThat(text(this.codec.encodeRegister(ALLOC, List.of("add"), WireFeatures.SERVER, List.of("clock"))))
			.isEqualTo("{\"action\":\"register\",\"methods\":[\"add\"],\"protocol\":1,"
					+ "\"features\":[\"ping\",\"meta\",\"events\",\"stream\"],\"topics\":[\"clock\"]}\n");
		assertThat(text(this.codec.encodeRegister(ALLOC, List.of(), List.of(), List.of())))
			.isEqualTo("{\"action\":\"register\",\"methods\":[],\"protocol\":1,\"features\":[],\"topics\":[]}\n");
		assertThat(text(this.codec.encodeRegister(ALLOC, List.of(), List.of())))
			.isEqualTo("{\"action\":\"register\",\"methods\":[],\"protocol\":1,\"features\":[]}\n");
	}

	@Test
	void readsAnEventWithItsDataAsSent() {
		WireMessage.Event event = (WireMessage.Event) decode(
				"{\"action\":\"event\",\"topic\":\"clock\",\"data\":{\"seq\":1,\"time\":\"12:00\"}}");
		assertThat(event.topic()).isEqualTo("clock");
		assertThat(event.data()).hasToString("{\"seq\":1,\"time\":\"12:00\"}");
		assertThat(((WireMessage.Event) decode("{\"data\":[1],\"topic\":\"t\",\"action\":\"event\"}")).data())
			.hasToString("[1]");
		assertThat(((WireMessage.Event) decode("{\"action\":\"event\",\"topic\":\"t\"}")).data()).isNull();
	}

	@Test
	void anEventWithoutAStringTopicIsInvalid() {
		assertThat(decode("{\"action\":\"event\",\"data\":1}"))
			.isEqualTo(new WireMessage.Invalid(null, "an event needs a string topic"));
		assertThat(decode("{\"action\":\"event\",\"topic\":5,\"data\":1}"))
			.isEqualTo(new WireMessage.Invalid(null, "an event needs a string topic"));
		assertThat(decode("{\"action\":\"event\",\"topic\":null}"))
			.isEqualTo(new WireMessage.Invalid(null, "an event needs a string topic"));
	}

	@Test
	void readsNextAndCancelWithTheirRid() {
		WireMessage.Next next = (WireMessage.Next) decode("{\"action\":\"next\",\"rid\":7,\"data\":\"a\"}");
		assertThat(next.rid()).isEqualTo(7L);
		assertThat(next.data()).hasToString("\"a\"");
		assertThat(((WireMessage.Next) decode("{\"action\":\"next\",\"rid\":\"r\",\"data\":null}")).rid())
			.isEqualTo("r");
		assertThat(decode("{\"action\":\"cancel\",\"rid\":7}")).isEqualTo(new WireMessage.Cancel(7L));
		assertThat(decode("{\"action\":\"cancel\",\"rid\":\"x\"}")).isEqualTo(new WireMessage.Cancel("x"));
		assertThat(decode("{\"action\":\"cancel\",\"rid\":1.50}"))
			.isEqualTo(new WireMessage.Cancel(new RawNumber("1.50")));
	}

	@Test
	void nextOrCancelWithoutRidIsInvalid() {
		assertThat(decode("{\"action\":\"next\",\"data\":1}"))
			.isEqualTo(new WireMessage.Invalid(null, "a next needs a rid"));
		assertThat(decode("{\"action\":\"cancel\"}")).isEqualTo(new WireMessage.Invalid(null, "a cancel needs a rid"));
		assertThat(decode("{\"action\":\"cancel\",\"rid\":null}")).isInstanceOf(WireMessage.Invalid.class);
		assertThat(decode("{\"action\":\"cancel\",\"rid\":true}")).isInstanceOf(WireMessage.Invalid.class);
	}

	@Test
	void writesEventNextAndCancelLines() {
		assertThat(text(this.codec.encodeEvent(ALLOC, "clock", Map.of("seq", 1))))
			.isEqualTo("{\"action\":\"event\",\"topic\":\"clock\",\"data\":{\"seq\":1}}\n");
		assertThat(text(this.codec.encodeEvent(ALLOC, "a\"b", null)))
			.isEqualTo("{\"action\":\"event\",\"topic\":\"a\\\"b\",\"data\":null}\n");
		assertThat(text(this.codec.encodeNext(ALLOC, 7L, List.of(1, 2))))
			.isEqualTo("{\"action\":\"next\",\"rid\":7,\"data\":[1,2]}\n");
		assertThat(text(this.codec.encodeNext(ALLOC, new RawNumber("-0"), "x")))
			.isEqualTo("{\"action\":\"next\",\"rid\":-0,\"data\":\"x\"}\n");
		assertThat(text(this.codec.encodeCancel(ALLOC, "r1"))).isEqualTo("{\"action\":\"cancel\",\"rid\":\"r1\"}\n");
		assertThat(text(this.codec.encodeCancel(ALLOC, 3L))).isEqualTo("{\"action\":\"cancel\",\"rid\":3}\n");
	}

	@Test
	void writtenLinesReadBackAsTheSameMessages() {
		assertThat(decodeLine(this.codec.encodeCancel(ALLOC, 9L))).isEqualTo(new WireMessage.Cancel(9L));
		WireMessage.Next next = (WireMessage.Next) decodeLine(this.codec.encodeNext(ALLOC, "q", 5));
		assertThat(next.rid()).isEqualTo("q");
		assertThat(next.data()).hasToString("5");
		WireMessage.Event event = (WireMessage.Event) decodeLine(this.codec.encodeEvent(ALLOC, "t", List.of("a")));
		assertThat(event.topic()).isEqualTo("t");
		assertThat(event.data()).hasToString("[\"a\"]");
	}

	@Test
	void readsStreamOfARequestAsTrueOnlyWhenTrue() {
		assertThat(request("{\"rid\":1,\"method\":\"count\",\"args\":[3],\"stream\":true}").stream()).isTrue();
		assertThat(request("{\"stream\":true,\"rid\":1,\"method\":\"count\"}").stream()).isTrue();
		assertThat(request("{\"rid\":1,\"method\":\"count\",\"args\":[3],\"stream\":false}").stream()).isFalse();
		assertThat(request("{\"rid\":1,\"method\":\"count\",\"args\":[3],\"stream\":null}").stream()).isFalse();
		assertThat(request("{\"rid\":1,\"method\":\"count\",\"args\":[3]}").stream()).isFalse();
		WireMessage.Request streaming = request("{\"rid\":1,\"method\":\"count\",\"args\":[3],\"stream\":true}");
		assertThat(streaming.rid()).isEqualTo(1L);
		assertThat(streaming.method()).isEqualTo("count");
		assertThat(streaming.args()).hasToString("[3]");
	}

	@Test
	void aStreamThatIsNotABooleanIsAnInvalidRequestKeepingTheRid() {
		for (String value : List.of("\"yes\"", "1", "0", "{}", "[true]", "\"true\"")) {
			assertThat(decode("{\"rid\":4,\"method\":\"count\",\"stream\":" + value + "}")).as(value)
				.isEqualTo(new WireMessage.Invalid(4L, "stream must be true or false"));
		}
	}

	@Test
	void aStreamKeyTwiceIsAParseError() {
		assertThatExceptionOfType(WireFormatException.class)
			.isThrownBy(() -> decode("{\"rid\":1,\"method\":\"m\",\"stream\":true,\"stream\":false}"));
	}

	@Test
	void writesStreamOnlyWhenAsked() {
		assertThat(text(this.codec.encodeRequest(ALLOC, 1L, "count", new Object[] { 3 }, Map.of(), true)))
			.isEqualTo("{\"rid\":1,\"method\":\"count\",\"args\":[3],\"stream\":true}\n");
		assertThat(text(this.codec.encodeRequest(ALLOC, 1L, "count", new Object[] { 3 }, Map.of(), false)))
			.isEqualTo("{\"rid\":1,\"method\":\"count\",\"args\":[3]}\n");
		assertThat(text(this.codec.encodeRequest(ALLOC, "r", "m", new Object[0], Map.of("k", "v"), true)))
			.isEqualTo("{\"rid\":\"r\",\"method\":\"m\",\"args\":[],\"meta\":{\"k\":\"v\"},\"stream\":true}\n");
		WireMessage.Request read = (WireMessage.Request) decodeLine(
				this.codec.encodeRequest(ALLOC, 2L, "count", new Object[] { 1 }, Map.of(), true));
		assertThat(read.stream()).isTrue();
	}

	private WireMessage.Request request(String line) {
		return (WireMessage.Request) decode(line);
	}

	private WireMessage decode(String line) {
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		return this.codec.decode(bytes, 0, bytes.length);
	}

	private WireMessage decodeLine(ByteBuf line) {
		String text = text(line);
		return decode(text.substring(0, text.length() - 1));
	}

	private static String text(ByteBuf buffer) {
		try {
			return buffer.toString(StandardCharsets.UTF_8);
		}
		finally {
			buffer.release();
		}
	}

}
