package dev.socketipc.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads the envelope of one line from a parser over its bytes. It builds no tree: {@code args} and {@code data} are
 * checked for well-formedness by the parser and kept as a copy of their bytes ({@link RawJson}), bound to Java types
 * later, so a line costs its own size once more until it is bound.
 */
final class MessageReader {

	private final JsonParser parser;

	private final byte[] bytes;

	private final int offset;

	private Object rid;

	private String action;

	private String method;

	private RawJson args;

	private Boolean success;

	private RawJson data;

	private String error;

	private String code;

	private List<String> methods;

	private int protocol;

	private String invalid;

	/**
	 * @param parser a parser over {@code bytes} from {@code offset}, its byte offsets counted from there
	 */
	MessageReader(JsonParser parser, byte[] bytes, int offset) {
		this.parser = parser;
		this.bytes = bytes;
		this.offset = offset;
	}

	/** Reads the fields of an object whose {@code START_OBJECT} is the current token. */
	WireMessage readObject() {
		String name;
		while ((name = this.parser.nextName()) != null) {
			JsonToken token = this.parser.nextToken();
			switch (name) {
				case "rid" -> readRid(token);
				case "method" -> this.method = string(token, "method must be a string");
				case "args" -> {
					if (token == JsonToken.START_ARRAY) {
						this.args = capture(token);
					}
					else if (token != JsonToken.VALUE_NULL) {
						this.parser.skipChildren();
						invalid("args must be an array");
					}
				}
				case "action" -> this.action = string(token, "action must be a string");
				case "success" -> {
					if (token.isBoolean()) {
						this.success = token == JsonToken.VALUE_TRUE;
					}
					else {
						this.parser.skipChildren();
					}
				}
				case "data" -> this.data = capture(token);
				case "error" -> this.error = token.isScalarValue() ? this.parser.getValueAsString()
						: capture(token).toString();
				case "code" -> this.code = string(token, null);
				case "methods" -> this.methods = readNames(token);
				case "protocol" -> {
					if (token == JsonToken.VALUE_NUMBER_INT) {
						this.protocol = this.parser.getValueAsInt(0);
					}
					else {
						this.parser.skipChildren();
					}
				}
				default -> skip(token);
			}
		}
		return new WireMessage(this.rid, this.action, this.method, this.args, this.success, this.data, this.error,
				this.code, this.methods, this.protocol, this.invalid);
	}

	private String string(JsonToken token, String invalidReason) {
		if (token == JsonToken.VALUE_STRING) {
			return this.parser.getString();
		}
		this.parser.skipChildren();
		if (invalidReason != null) {
			invalid(invalidReason);
		}
		return null;
	}

	/**
	 * A numeric rid is kept as a {@code Long} when a {@code long} writes it back unchanged, and as its text otherwise
	 * ({@code -0}, decimals, integers beyond {@code long}); a decimal still has to be a number {@code BigDecimal} can
	 * hold, which rules out exponents beyond its range.
	 */
	private void readRid(JsonToken token) {
		if (token == JsonToken.VALUE_STRING) {
			this.rid = this.parser.getString();
		}
		else if (token == JsonToken.VALUE_NUMBER_INT) {
			JsonParser.NumberType type = this.parser.getNumberType();
			if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
				long value = this.parser.getLongValue();
				this.rid = (value != 0 || this.parser.getString().length() == 1) ? (Object) value
						: new RawNumber(this.parser.getString());
			}
			else {
				this.rid = new RawNumber(this.parser.getString());
			}
		}
		else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
			this.parser.getDecimalValue();
			this.rid = new RawNumber(this.parser.getString());
		}
		else {
			this.parser.skipChildren();
			this.rid = null;
			invalid("rid must be a number or a string");
		}
	}

	private List<String> readNames(JsonToken token) {
		if (token != JsonToken.START_ARRAY) {
			skip(token);
			return null;
		}
		List<String> names = new ArrayList<>();
		JsonToken element;
		while ((element = this.parser.nextToken()) != JsonToken.END_ARRAY) {
			if (element.isScalarValue()) {
				names.add(this.parser.getValueAsString());
			}
			else {
				this.parser.skipChildren();
			}
		}
		return names;
	}

	/** Copies the bytes of the value under the current token, counting the elements of an array. */
	private RawJson capture(JsonToken token) {
		int start = (int) this.parser.currentTokenLocation().getByteOffset();
		int elements = -1;
		if (token == JsonToken.START_ARRAY) {
			elements = 0;
			JsonToken element;
			while ((element = this.parser.nextToken()) != JsonToken.END_ARRAY) {
				elements++;
				skip(element);
			}
		}
		else {
			skip(token);
		}
		int end = (int) this.parser.currentLocation().getByteOffset();
		return new RawJson(Arrays.copyOfRange(this.bytes, this.offset + start, this.offset + end), elements);
	}

	/** Moves past the value under the current token, reading a string to its end so that its escapes are checked. */
	private void skip(JsonToken token) {
		if (token == JsonToken.VALUE_STRING) {
			this.parser.finishToken();
		}
		else {
			this.parser.skipChildren();
		}
	}

	private void invalid(String reason) {
		if (this.invalid == null) {
			this.invalid = reason;
		}
	}

}
