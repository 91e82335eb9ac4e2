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
 * {@code StreamReadConstraints} (500 by default), so the recursion is too.
 */
final class JsonTrees {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private JsonTrees() {
	}

	static JsonNode read(JsonParser parser, JsonToken token) {
		return switch (token) {
			case START_ARRAY -> readArray(parser);
			case START_OBJECT -> readObject(parser);
			case VALUE_STRING -> NODES.stringNode(parser.getString());
			case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
				case INT -> NODES.numberNode(parser.getIntValue());
				case LONG -> NODES.numberNode(parser.getLongValue());
				default -> NODES.numberNode(parser.getBigIntegerValue());
			};
			case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
			case VALUE_TRUE -> NODES.booleanNode(true);
			case VALUE_FALSE -> NODES.booleanNode(false);
			case VALUE_NULL -> NODES.nullNode();
			default -> throw new IllegalStateException("unexpected token " + token);
		};
	}

	private static ArrayNode readArray(JsonParser parser) {
		ArrayNode array = NODES.arrayNode();
		JsonToken token;
		while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
			array.add(read(parser, token));
		}
		return array;
	}

	private static ObjectNode readObject(JsonParser parser) {
		ObjectNode object = NODES.objectNode();
		String name;
		while ((name = parser.nextName()) != null) {
			object.set(name, read(parser, parser.nextToken()));
		}
		return object;
	}

}
