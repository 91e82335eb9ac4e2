package dev.socketipc.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads the common scalars straight from a parser's current token when the target type
 * takes the value exactly, skipping Jackson's databind (a parser and a context per
 * value). Anything else, every value that would need a coercion or that would fail
 * included, is left to the mapper so that its rules and messages apply: an integer that
 * does not fit, a {@code double} that comes out infinite or zero, a string for a number.
 */
final class ScalarValues {

	/** Returned when the value is not one of the fast cases. */
	static final Object NOT_SCALAR = new Object();

	/** A value read ahead that was JSON {@code null}. */
	static final Object JSON_NULL = new Object();

	/** A value not read ahead: an object, an array, or a number kept for Jackson. */
	static final Object COMPLEX = new Object();

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

	/**
	 * Reads a scalar token ahead of knowing its Java type, when it can later go to one
	 * without a parser: an integer that fits a {@code long}, a string, a boolean,
	 * {@code null}, a finite non-zero {@code double} (a decimal still goes to a
	 * {@code BigDecimal} through Jackson, from its text). Anything else is
	 * {@link #COMPLEX}.
	 */
	static Object preRead(JsonParser parser, JsonToken token) {
		switch (token) {
			case VALUE_NUMBER_INT -> {
				JsonParser.NumberType type = parser.getNumberType();
				return (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG)
						? (Object) parser.getLongValue() : COMPLEX;
			}
			case VALUE_NUMBER_FLOAT -> {
				double value = parser.getDoubleValue();
				return (value != 0.0 && !Double.isInfinite(value)) ? (Object) value : COMPLEX;
			}
			case VALUE_STRING -> {
				return parser.getString();
			}
			case VALUE_TRUE -> {
				return Boolean.TRUE;
			}
			case VALUE_FALSE -> {
				return Boolean.FALSE;
			}
			case VALUE_NULL -> {
				return JSON_NULL;
			}
			default -> {
				return COMPLEX;
			}
		}
	}

	/**
	 * Converts a value read ahead by {@link #preRead} when the type takes it exactly,
	 * else {@link #NOT_SCALAR}.
	 */
	static Object convert(Object value, Class<?> raw) {
		if (value instanceof Long number) {
			long integer = number;
			if (raw == int.class || raw == Integer.class) {
				return (integer == (int) integer) ? (Object) (int) integer : NOT_SCALAR;
			}
			if (raw == long.class || raw == Long.class) {
				return number;
			}
			if (raw == BigInteger.class) {
				return BigInteger.valueOf(integer);
			}
			if (raw == BigDecimal.class) {
				return BigDecimal.valueOf(integer);
			}
			if ((raw == double.class || raw == Double.class) && Math.abs(integer) <= (1L << 53)) {
				return (double) integer;
			}
			return NOT_SCALAR;
		}
		if (value instanceof String) {
			return (raw == String.class) ? value : NOT_SCALAR;
		}
		if (value instanceof Boolean) {
			return (raw == boolean.class || raw == Boolean.class) ? value : NOT_SCALAR;
		}
		if (value instanceof Double) {
			return (raw == double.class || raw == Double.class) ? value : NOT_SCALAR;
		}
		if (value == JSON_NULL) {
			return (raw == String.class || raw == Integer.class || raw == Long.class || raw == Boolean.class
					|| raw == Double.class) ? null : NOT_SCALAR;
		}
		return NOT_SCALAR;
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
