package dev.socketipc.protocol;

import java.util.Arrays;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.NumberDeserializers;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * The wire's default conversion rules: a JSON value reaches a Java type only when nothing
 * is lost or invented. A number with a fraction or an exponent never becomes an integer
 * type ({@code 1.9} is not {@code 1}); a string never becomes a number or a boolean
 * ({@code "5"}, {@code ""}); a number never becomes a boolean or an enum (no ordinals); a
 * {@code null} never becomes a primitive's zero; and a number never becomes a
 * {@code double} or {@code float} that is infinite or zero when the number is not
 * ({@code 1e400}, {@code 1e-400}), alone, in a record or in a {@code double[]}. Anything
 * else keeps Jackson's rules, so {@code 3} still reads as a {@code double} and
 * {@code 0.1} as the nearest {@code double}.
 */
final class StrictCoercion {

	private StrictCoercion() {
	}

	static JsonMapper.Builder apply(JsonMapper.Builder builder) {
		return builder.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.withCoercionConfig(LogicalType.Integer,
					(config) -> config.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Float,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Enum,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
			.addModule(new SimpleModule("ipc-strict-floating-point")
				.addDeserializer(Double.class, new ExactDouble(Double.class, null))
				.addDeserializer(double.class, new ExactDouble(double.class, 0.0))
				.addDeserializer(Float.class, new ExactFloat(Float.class, null))
				.addDeserializer(float.class, new ExactFloat(float.class, 0.0f))
				.addDeserializer(double[].class, new ExactDoubles())
				.addDeserializer(float[].class, new ExactFloats()));
	}

	/**
	 * Tells whether a JSON number read as {@code value} lost its magnitude: it overflowed
	 * to infinity, or underflowed to zero although a digit of its mantissa is not zero.
	 */
	static boolean overflowsOrUnderflows(JsonParser parser, double value) {
		if (Double.isInfinite(value)) {
			return true;
		}
		if (value != 0.0) {
			return false;
		}
		String text = parser.getString();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == 'e' || c == 'E') {
				return false;
			}
			if (c >= '1' && c <= '9') {
				return true;
			}
		}
		return false;
	}

	private static boolean isNumber(JsonToken token) {
		return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
	}

	/**
	 * Jackson's {@code double} rules, refusing a number that overflows or underflows it.
	 */
	static final class ExactDouble extends NumberDeserializers.DoubleDeserializer {

		@SuppressWarnings("unchecked")
		ExactDouble(Class<?> type, Double nullValue) {
			super((Class<Double>) type, nullValue);
		}

		@Override
		public Double deserialize(JsonParser parser, DeserializationContext context) {
			if (isNumber(parser.currentToken())) {
				double value = parser.getDoubleValue();
				if (overflowsOrUnderflows(parser, value)) {
					return context.reportInputMismatch(this, "%s does not fit a double (it would become %s)",
							parser.getString(), value);
				}
				return value;
			}
			return super.deserialize(parser, context);
		}

	}

	/**
	 * A {@code double[]} whose elements follow {@link ExactDouble}: Jackson's own reads
	 * them without it.
	 */
	static final class ExactDoubles extends StdDeserializer<double[]> {

		private final ExactDouble element = new ExactDouble(double.class, 0.0);

		ExactDoubles() {
			super(double[].class);
		}

		@Override
		public double[] deserialize(JsonParser parser, DeserializationContext context) {
			if (!parser.isExpectedStartArrayToken()) {
				return (double[]) context.handleUnexpectedToken(double[].class, parser);
			}
			double[] values = new double[8];
			int count = 0;
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				if (count == values.length) {
					values = Arrays.copyOf(values, count * 2);
				}
				values[count++] = this.element.deserialize(parser, context);
			}
			return Arrays.copyOf(values, count);
		}

	}

	/**
	 * A {@code float[]} whose elements follow {@link ExactFloat}: Jackson's own reads
	 * them without it.
	 */
	static final class ExactFloats extends StdDeserializer<float[]> {

		private final ExactFloat element = new ExactFloat(float.class, 0.0f);

		ExactFloats() {
			super(float[].class);
		}

		@Override
		public float[] deserialize(JsonParser parser, DeserializationContext context) {
			if (!parser.isExpectedStartArrayToken()) {
				return (float[]) context.handleUnexpectedToken(float[].class, parser);
			}
			float[] values = new float[8];
			int count = 0;
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				if (count == values.length) {
					values = Arrays.copyOf(values, count * 2);
				}
				values[count++] = this.element.deserialize(parser, context);
			}
			return Arrays.copyOf(values, count);
		}

	}

	/**
	 * Jackson's {@code float} rules, refusing a number that overflows or underflows it.
	 */
	static final class ExactFloat extends NumberDeserializers.FloatDeserializer {

		@SuppressWarnings("unchecked")
		ExactFloat(Class<?> type, Float nullValue) {
			super((Class<Float>) type, nullValue);
		}

		@Override
		public Float deserialize(JsonParser parser, DeserializationContext context) {
			if (isNumber(parser.currentToken())) {
				float value = parser.getFloatValue();
				if (overflowsOrUnderflows(parser, value)) {
					return context.reportInputMismatch(this, "%s does not fit a float (it would become %s)",
							parser.getString(), value);
				}
				return value;
			}
			return super.deserialize(parser, context);
		}

	}

}
