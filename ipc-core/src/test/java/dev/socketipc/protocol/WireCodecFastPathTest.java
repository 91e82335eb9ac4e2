package dev.socketipc.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte-level encoding of integer, boolean and null answers and requests writes
 * exactly what Jackson writes.
 */
class WireCodecFastPathTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WireCodec codec = WireCodec.create();

	static Stream<Arguments> answers() {
		return Stream.of(Arguments.of(1L, 15), Arguments.of(0L, 0), Arguments.of(7L, -1),
				Arguments.of(9007199254740991L, Integer.MAX_VALUE), Arguments.of(-3L, Integer.MIN_VALUE),
				Arguments.of(Long.MAX_VALUE, Long.MIN_VALUE), Arguments.of(Long.MIN_VALUE, Long.MAX_VALUE),
				Arguments.of(10L, 100L), Arguments.of(99L, (short) -7), Arguments.of(2L, (byte) 12),
				Arguments.of(3L, true), Arguments.of(4L, false), Arguments.of(5L, null), Arguments.of(6, 1000000));
	}

	static Stream<Arguments> requests() {
		return Stream.of(Arguments.of(1L, "add", new Object[] { 1, 2, 3, 4, 5 }),
				Arguments.of(9007199254740991L, "calc.add", new Object[] { Long.MIN_VALUE, Long.MAX_VALUE }),
				Arguments.of(2L, "none", new Object[0]), Arguments.of(3L, "flags", new Object[] { true, false, null }),
				Arguments.of(null, "notify", new Object[] { -7, (short) 3, (byte) -1 }),
				Arguments.of(4L, "needs\"escape", new Object[] { 1 }), Arguments.of(5L, "añadir", new Object[] { 1 }),
				Arguments.of(6L, "text", new Object[] { "not a scalar", 1 }));
	}

	@ParameterizedTest
	@MethodSource("requests")
	void requestMatchesJackson(Object rid, String method, Object[] args) {
		Map<String, Object> expected = new LinkedHashMap<>();
		if (rid != null) {
			expected.put("rid", rid);
		}
		expected.put("method", method);
		expected.put("args", args);
		ByteBuf line = this.codec.encodeRequest(UnpooledByteBufAllocator.DEFAULT, rid, method, args);
		try {
			assertThat(line.toString(StandardCharsets.UTF_8)).isEqualTo(JSON.writeValueAsString(expected) + "\n");
		}
		finally {
			line.release();
		}
	}

	@ParameterizedTest
	@MethodSource("answers")
	void scalarAnswerMatchesJackson(Object rid, Object data) {
		Map<String, Object> expected = new LinkedHashMap<>();
		expected.put("success", true);
		expected.put("rid", rid);
		expected.put("data", data);
		ByteBuf line = this.codec.encodeSuccess(UnpooledByteBufAllocator.DEFAULT, rid, data);
		try {
			assertThat(line.toString(StandardCharsets.UTF_8)).isEqualTo(JSON.writeValueAsString(expected) + "\n");
		}
		finally {
			line.release();
		}
	}

}
