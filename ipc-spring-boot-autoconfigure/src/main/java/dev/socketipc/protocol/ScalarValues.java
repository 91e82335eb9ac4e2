package dev.socketipc.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads the common scalars straight from a parser's current token when the target type takes the value exactly,
 * skipping Jackson's databind (a parser and a context per value). Anything else, every value that would need a
 * coercion or that would fail included, is left to the mapper so that its rules and messages apply: an integer that
 * does not fit, a {@code double} that comes out infinite or zero, a string for a number.
 */
final class ScalarValues {

	/** Returned when the value is not one of the fast cases. */
	static final Object NOT_SCALAR = new Object();

	private ScalarValues() {
	}

	static Object read(JsonParser parser, JsonToken token, Class<?> raw) {
		switch (token) {
			case VALUE_NUMBER_INT -> {
				JsonParser.NumberType type = parser.getNumberType();
				if (raw == int.class || raw == Integer.class) {
					return (type == JsonParser.NumberType.INT) ? (Object) parser.getIntValue() : NOT_SCALAR;
				}
				if (raw == long.class || raw == Long.class) {
					return (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG)
							? (Object) parser.getLongValue() : NOT_SCALAR;
				}
				if (raw == BigInteger.class) {
					return parser.getBigIntegerValue();
				}
				return decimal(parser, raw);
			}
			case VALUE_NUMBER_FLOAT -> {
				return decimal(parser, raw);
			}
			case VALUE_STRING -> {
				return (raw == String.class) ? parser.getString() : NOT_SCALAR;
			}
			case VALUE_TRUE, VALUE_FALSE -> {
				return (raw == boolean.class || raw == Boolean.class) ? (Object) (token == JsonToken.VALUE_TRUE)
						: NOT_SCALAR;
			}
			default -> {
				return NOT_SCALAR;
			}
		}
	}

	private static Object decimal(JsonParser parser, Class<?> raw) {
		if (raw == double.class || raw == Double.class) {
			double value = parser.getDoubleValue();
			return (value != 0.0 && !Double.isInfinite(value)) ? (Object) value : NOT_SCALAR;
		}
		if (raw == BigDecimal.class) {
			BigDecimal value = parser.getDecimalValue();
			return BoundedDecimal.isWithinBounds(value) ? value : NOT_SCALAR;
		}
		return NOT_SCALAR;
	}

}
