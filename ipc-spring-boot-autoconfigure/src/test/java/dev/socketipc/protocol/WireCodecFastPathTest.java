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
 * The byte-level encoding of integer, boolean and null answers writes exactly what Jackson writes.
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
