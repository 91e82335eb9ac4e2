package dev.socketipc.autoconfigure;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import dev.socketipc.protocol.WireCodec;
import dev.socketipc.protocol.WireMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The codec built from Spring Boot's own {@code JsonMapper}: decimals exact with no
 * Jackson property set (issue 8.1), lossy coercions refused unless
 * {@code ipc.codec.lenient-coercion} is set (8.12).
 */
class WireCodecConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
		.withUserConfiguration(WireCodecConfiguration.class);

	@Test
	void decimalsStayExactThroughSpringBootsMapperBothWays() {
		this.runner.run((context) -> {
			WireCodec codec = context.getBean(WireCodec.class);
			JavaType decimal = codec.mapper().constructType(BigDecimal.class);

			BigDecimal read = (BigDecimal) codec.convert(data(codec, "12345678901234567.891"), decimal);
			BigDecimal scaled = (BigDecimal) codec.convert(data(codec, "3.10"), decimal);
			Object wrapped = codec.convert(data(codec, "[3.10]"),
					codec.mapper().getTypeFactory().constructCollectionType(java.util.List.class, BigDecimal.class));

			assertThat(read).isEqualTo(new BigDecimal("12345678901234567.891"));
			assertThat(scaled.scale()).isEqualTo(2);
			assertThat(wrapped).asList().containsExactly(new BigDecimal("3.10"));
			assertThat(codec.convert(data(codec, "0.1"), codec.mapper().constructType(Object.class))).isEqualTo(0.1);
			assertThat(text(
					codec.encodeSuccess(UnpooledByteBufAllocator.DEFAULT, 1L, new BigDecimal("12345678901234567.891"))))
				.isEqualTo("{\"success\":true,\"rid\":1,\"data\":12345678901234567.891}\n");
			assertThat(text(codec.encodeRequest(UnpooledByteBufAllocator.DEFAULT, 1L, "m",
					new Object[] { new BigDecimal("3.10") })))
				.isEqualTo("{\"rid\":1,\"method\":\"m\",\"args\":[3.10]}\n");
		});
	}

	@Test
	void lossyCoercionsFailUnlessTheyAreAllowed() {
		this.runner.run((context) -> {
			WireCodec codec = context.getBean(WireCodec.class);
			assertThat(codec.isLenientCoercion()).isFalse();
			assertThatExceptionOfType(JacksonException.class)
				.isThrownBy(() -> codec.convert(data(codec, "1.9"), codec.mapper().constructType(int.class)));
		});
		this.runner.withPropertyValues("ipc.codec.lenient-coercion=true").run((context) -> {
			WireCodec codec = context.getBean(WireCodec.class);
			assertThat(codec.isLenientCoercion()).isTrue();
			assertThat(codec.convert(data(codec, "1.9"), codec.mapper().constructType(int.class))).isEqualTo(1);
		});
	}

	private static dev.socketipc.protocol.RawJson data(WireCodec codec, String json) {
		byte[] line = ("{\"success\":true,\"rid\":1,\"data\":" + json + "}").getBytes(StandardCharsets.UTF_8);
		WireMessage.Answer message = (WireMessage.Answer) codec.decode(line, 0, line.length);
		return message.data();
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
