package dev.socketipc.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The two wire extensions of issue 10 in the codec: the {@code features} of a
 * {@code register} line and the {@code meta} object of a request, with its limits.
 */
class WireExtensionsCodecTest {

	private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

	private final WireCodec codec = WireCodec.create();

	@Test
	void readsFeaturesOfARegisterAndNoneFromASeedServer() {
		assertThat(decode(
				"{\"action\":\"register\",\"methods\":[\"add\"],\"protocol\":1,\"features\":[\"ping\",\"meta\"]}"))
			.isEqualTo(new WireMessage.Register(List.of("add"), 1, List.of("ping", "meta")));
		assertThat(decode("{\"action\":\"register\",\"methods\":[\"add\"]}"))
			.isEqualTo(new WireMessage.Register(List.of("add"), 0, List.of()));
		assertThat(decode("{\"action\":\"register\",\"methods\":[],\"features\":\"meta\"}"))
			.isEqualTo(new WireMessage.Register(List.of(), 0, List.of()));
	}

	@Test
	void writesTheServerFeaturesAfterProtocolInAStableOrder() {
		assertThat(WireFeatures.SERVER).containsExactly("ping", "meta", "events", "stream");
		assertThat(text(this.codec.encodeRegister(ALLOC, List.of("add"), WireFeatures.SERVER))).isEqualTo(
				"{\"action\":\"register\",\"methods\":[\"add\"],\"protocol\":1,\"features\":[\"ping\",\"meta\",\"events\",\"stream\"]}\n");
	}

	@Test
	void readsMetaInTheOrderSentAndNoneWhenAbsent() {
		WireMessage.Request request = (WireMessage.Request) decode(
				"{\"rid\":1,\"method\":\"add\",\"meta\":{\"traceparent\":\"00-ab-cd-01\",\"tracestate\":\"x=1\"}}");
		assertThat(request.meta()).containsExactly(Map.entry("traceparent", "00-ab-cd-01"),
				Map.entry("tracestate", "x=1"));
		assertThat(((WireMessage.Request) decode("{\"rid\":1,\"method\":\"add\"}")).meta()).isEmpty();
		assertThat(((WireMessage.Request) decode("{\"rid\":1,\"method\":\"add\",\"meta\":{}}")).meta()).isEmpty();
	}

	@Test
	void metaThatIsNotAnObjectOfStringsIsInvalidNamingTheRule() {
		assertThat(decode("{\"rid\":1,\"method\":\"add\",\"meta\":[\"a\"]}"))
			.isEqualTo(new WireMessage.Invalid(1L, "meta must be an object of strings, not an array"));
		assertThat(decode("{\"rid\":2,\"method\":\"add\",\"meta\":null}"))
			.isEqualTo(new WireMessage.Invalid(2L, "meta must be an object of strings, not null"));
		assertThat(decode("{\"meta\":{\"a\":\"b\",\"n\":1},\"rid\":3,\"method\":\"add\"}"))
			.isEqualTo(new WireMessage.Invalid(3L, "meta value of \"n\" must be a string, not a number"));
		assertThat(decode("{\"rid\":4,\"method\":\"add\",\"meta\":{\"o\":{\"x\":\"y\"}}}"))
			.isEqualTo(new WireMessage.Invalid(4L, "meta value of \"o\" must be a string, not an object"));
	}

	@Test
	void metaBeyondSixteenEntriesOrFourKilobytesIsInvalid() {
		assertThat(decode(request(entries(16, 1)))).isInstanceOf(WireMessage.Request.class);
		assertThat(decode(request(entries(17, 1))))
			.isEqualTo(new WireMessage.Invalid(1L, "meta must hold at most 16 entries, not 17"));
		// one key of 1 byte and a value of 4095 bytes: 4096 in all, the limit
		assertThat(decode(request("\"k\":\"" + "v".repeat(4095) + "\""))).isInstanceOf(WireMessage.Request.class);
		assertThat(decode(request("\"k\":\"" + "v".repeat(4096) + "\""))).isEqualTo(new WireMessage.Invalid(1L,
				"meta must hold at most 4096 bytes of UTF-8 in its keys and values, not 4097"));
		// bytes of UTF-8, not characters: 2048 two-byte characters and a key are 4097
		assertThat(decode(request("\"k\":\"" + "é".repeat(2048) + "\""))).isEqualTo(new WireMessage.Invalid(1L,
				"meta must hold at most 4096 bytes of UTF-8 in its keys and values, not 4097"));
	}

	@Test
	void aMetaKeyTwiceIsMalformedLikeAnyDuplicateKey() {
		assertThatExceptionOfType(WireFormatException.class)
			.isThrownBy(() -> decode(request("\"a\":\"1\",\"a\":\"2\"")))
			.withMessage("duplicate key \"a\" in the message");
		assertThatExceptionOfType(WireFormatException.class)
			.isThrownBy(() -> decode("{\"rid\":1,\"method\":\"add\",\"meta\":{},\"meta\":{}}"))
			.withMessage("duplicate key \"meta\" in the message");
	}

	@Test
	void writesMetaOnlyWhenNotEmpty() {
		Map<String, String> meta = new LinkedHashMap<>();
		meta.put("traceparent", "00-ab-cd-01");
		meta.put("tracestate", "x=\"1\"");
		assertThat(text(this.codec.encodeRequest(ALLOC, 1L, "add", new Object[] { 1, 2 }, meta))).isEqualTo(
				"{\"rid\":1,\"method\":\"add\",\"args\":[1,2],\"meta\":{\"traceparent\":\"00-ab-cd-01\",\"tracestate\":\"x=\\\"1\\\"\"}}\n");
		assertThat(text(this.codec.encodeRequest(ALLOC, 1L, "add", new Object[] { 1, 2 }, Map.of())))
			.isEqualTo("{\"rid\":1,\"method\":\"add\",\"args\":[1,2]}\n");
	}

	private static String request(String metaBody) {
		return "{\"rid\":1,\"method\":\"add\",\"meta\":{" + metaBody + "}}";
	}

	private static String entries(int count, int valueLength) {
		StringBuilder body = new StringBuilder();
		for (int i = 0; i < count; i++) {
			body.append((i > 0) ? "," : "")
				.append("\"k")
				.append(i)
				.append("\":\"")
				.append("v".repeat(valueLength))
				.append('"');
		}
		return body.toString();
	}

	private WireMessage decode(String line) {
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		return this.codec.decode(bytes, 0, bytes.length);
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
