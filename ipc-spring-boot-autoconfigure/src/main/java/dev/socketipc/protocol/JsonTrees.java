package dev.socketipc.protocol;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the value under a parser's current token as a {@link JsonNode} without a databind context, which
 * {@code ObjectMapper}-created parsers allocate per line. Depth is bounded by the parser's
 * {@code StreamReadConstraints} (500 by default), so the recursion is too. Decimal numbers are read as {@code double},
 * or as {@link java.math.BigDecimal} when asked (the mapper enables {@code USE_BIG_DECIMAL_FOR_FLOATS}), as the
 * mapper's own trees would hold them.
 */
final class JsonTrees {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private JsonTrees() {
	}

	static JsonNode read(JsonParser parser, JsonToken token, boolean bigDecimals) {
		return switch (token) {
			case START_ARRAY -> readArray(parser, bigDecimals);
			case START_OBJECT -> readObject(parser, bigDecimals);
			case VALUE_STRING -> NODES.stringNode(parser.getString());
			case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
				case INT -> NODES.numberNode(parser.getIntValue());
				case LONG -> NODES.numberNode(parser.getLongValue());
				default -> NODES.numberNode(parser.getBigIntegerValue());
			};
			case VALUE_NUMBER_FLOAT ->
				bigDecimals ? NODES.numberNode(parser.getDecimalValue()) : NODES.numberNode(parser.getDoubleValue());
			case VALUE_TRUE -> NODES.booleanNode(true);
			case VALUE_FALSE -> NODES.booleanNode(false);
			case VALUE_NULL -> NODES.nullNode();
			default -> throw new IllegalStateException("unexpected token " + token);
		};
	}

	private static ArrayNode readArray(JsonParser parser, boolean bigDecimals) {
		ArrayNode array = NODES.arrayNode();
		JsonToken token;
		while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
			array.add(read(parser, token, bigDecimals));
		}
		return array;
	}

	private static ObjectNode readObject(JsonParser parser, boolean bigDecimals) {
		ObjectNode object = NODES.objectNode();
		String name;
		while ((name = parser.nextName()) != null) {
			object.set(name, read(parser, parser.nextToken(), bigDecimals));
		}
		return object;
	}

}
