package dev.socketipc.server;

import tools.jackson.databind.JsonNode;

/**
 * Converts the arguments most calls carry (numbers, strings, booleans into their exact Java types) without going
 * through Jackson's databind, which creates a parser and a context per argument. Anything else, including every
 * value that needs coercion or would fail, is left to Jackson so that its rules and messages apply unchanged.
 */
final class ScalarArguments {

	private ScalarArguments() {
	}

	/**
	 * Converts a node when the conversion is exact.
	 * @return the value, or {@code null} when Jackson must decide
	 */
	static Object convert(JsonNode node, Class<?> type) {
		if (type == int.class || type == Integer.class) {
			return (node.isIntegralNumber() && node.canConvertToInt()) ? node.intValue() : null;
		}
		if (type == long.class || type == Long.class) {
			return (node.isIntegralNumber() && node.canConvertToLong()) ? node.longValue() : null;
		}
		if (type == double.class || type == Double.class) {
			return (node.isNumber() && !node.isBigDecimal() && !node.isBigInteger()) ? node.doubleValue() : null;
		}
		if (type == String.class) {
			return node.isString() ? node.stringValue() : null;
		}
		if (type == boolean.class || type == Boolean.class) {
			return node.isBoolean() ? node.booleanValue() : null;
		}
		return null;
	}

}
