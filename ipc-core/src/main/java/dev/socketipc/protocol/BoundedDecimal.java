package dev.socketipc.protocol;

import java.math.BigDecimal;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.NumberDeserializers;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads a {@link BigDecimal} exactly, digit for digit and scale for scale, but refuses an
 * exponent bomb such as {@code 1e999999999}: a value a few bytes long whose plain form
 * ({@code toPlainString}, {@code toBigInteger}) would take gigabytes. The bound is
 * Jackson's own for turning a decimal into a {@code BigInteger}.
 */
final class BoundedDecimal extends NumberDeserializers.BigDecimalDeserializer {

	/** The largest scale, either sign, of a decimal read from the wire. */
	static final int MAX_SCALE = 100_000;

	static SimpleModule module() {
		return new SimpleModule("ipc-bounded-decimal").addDeserializer(BigDecimal.class, new BoundedDecimal());
	}

	static boolean isWithinBounds(BigDecimal value) {
		return Math.abs((long) value.scale()) <= MAX_SCALE;
	}

	@Override
	public BigDecimal deserialize(JsonParser parser, DeserializationContext context) {
		BigDecimal value = super.deserialize(parser, context);
		if (value != null && !isWithinBounds(value)) {
			return context.reportInputMismatch(this, "the scale of %s is beyond %d, either sign", parser.getString(),
					MAX_SCALE);
		}
		return value;
	}

}
