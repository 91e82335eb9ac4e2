package dev.socketipc.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.UTF8StreamJsonParser;

/**
 * Reads the envelope of one line from a parser over its bytes. It builds no tree:
 * {@code args} and {@code data} are checked for well-formedness by the parser and kept as
 * a copy of their bytes ({@link RawJson}), bound to Java types later, so a line costs its
 * own size once more until it is bound.
 *
 * <p>
 * A key twice in one object, at any depth, makes the line a {@link WireFormatException}:
 * the envelope's keys are checked here (a bit per known key), and a nested value that
 * holds an object is checked again by a parser with Jackson's duplicate detection, which
 * costs a hash set per object of three keys or more and so is only paid for values that
 * have objects.
 */
final class MessageReader {

	private final JsonParser parser;

	private final byte[] bytes;

	private final int offset;

	private final TokenStreamFactory strict;

	private int seen;

	private Set<String> otherNames;

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

	private List<String> features;

	private List<String> topics;

	private String topic;

	private boolean stream;

	private Map<String, String> meta;

	private String invalid;

	/**
	 * @param parser a parser over {@code bytes} from {@code offset}, its byte offsets
	 * counted from there
	 * @param strict a factory whose parsers refuse duplicate keys, for nested objects
	 */
	MessageReader(JsonParser parser, byte[] bytes, int offset, TokenStreamFactory strict) {
		this.parser = parser;
		this.bytes = bytes;
		this.offset = offset;
		this.strict = strict;
	}

	/** Reads the fields of an object whose {@code START_OBJECT} is the current token. */
	WireMessage readObject() {
		String name;
		while ((name = this.parser.nextName()) != null) {
			checkFirst(name);
			JsonToken token = this.parser.nextToken();
			switch (name) {
				case "rid" -> readRid(token);
				case "method" -> this.method = string(token, "method must be a string");
				case "args" -> {
					if (token == JsonToken.START_ARRAY) {
						this.args = capture(token);
					}
					else if (token != JsonToken.VALUE_NULL) {
						skipChecked(token);
						invalid("args must be an array");
					}
				}
				case "action" -> this.action = string(token, "action must be a string");
				case "success" -> {
					if (token.isBoolean()) {
						this.success = token == JsonToken.VALUE_TRUE;
					}
					else {
						skipChecked(token);
					}
				}
				case "data" -> this.data = capture(token);
				case "error" ->
					this.error = token.isScalarValue() ? this.parser.getValueAsString() : capture(token).toString();
				case "code" -> this.code = string(token, null);
				case "methods" -> this.methods = readNames(token);
				case "features" -> this.features = readNames(token);
				case "topics" -> this.topics = readNames(token);
				case "topic" -> this.topic = string(token, null);
				case "stream" -> {
					if (token.isBoolean()) {
						this.stream = token == JsonToken.VALUE_TRUE;
					}
					else if (token != JsonToken.VALUE_NULL) {
						skipChecked(token);
						invalid("stream must be true or false");
					}
				}
				case "meta" -> this.meta = readMeta(token);
				case "protocol" -> {
					if (token == JsonToken.VALUE_NUMBER_INT) {
						this.protocol = this.parser.getValueAsInt(0);
					}
					else {
						skipChecked(token);
					}
				}
				default -> skipChecked(token);
			}
		}
		return message();
	}

	/** Decides the message's kind, in the order {@link WireMessage} states. */
	private WireMessage message() {
		if (this.invalid != null) {
			return new WireMessage.Invalid(this.rid, this.invalid);
		}
		if (this.method != null) {
			return new WireMessage.Request(this.rid, this.method, this.args, (this.meta != null) ? this.meta : Map.of(),
					this.stream);
		}
		if (this.action != null) {
			return action();
		}
		if (this.success != null) {
			return new WireMessage.Answer(this.rid, this.success, this.data, this.error, this.code);
		}
		return new WireMessage.Invalid(this.rid, "a request needs a method");
	}

	private WireMessage action() {
		return switch (this.action) {
			case "register" -> new WireMessage.Register(this.methods, this.protocol,
					(this.features != null) ? List.copyOf(this.features) : List.of(),
					(this.topics != null) ? List.copyOf(this.topics) : List.of());
			case "event" -> (this.topic != null) ? new WireMessage.Event(this.topic, this.data)
					: new WireMessage.Invalid(this.rid, "an event needs a string topic");
			case "next" -> (this.rid != null) ? new WireMessage.Next(this.rid, this.data)
					: new WireMessage.Invalid(null, "a next needs a rid");
			case "cancel" -> (this.rid != null) ? new WireMessage.Cancel(this.rid)
					: new WireMessage.Invalid(null, "a cancel needs a rid");
			default -> new WireMessage.Action(this.action);
		};
	}

	/**
	 * Moves past a value that is not kept, checking a structure for duplicate keys all
	 * the same.
	 */
	private void skipChecked(JsonToken token) {
		if (token.isStructStart()) {
			int start = tokenStart();
			this.parser.skipChildren();
			checkNested(start, tokenStart() + 1);
		}
		else {
			skip(token);
		}
	}

	private void checkFirst(String name) {
		int bit = switch (name) {
			case "rid" -> 1;
			case "method" -> 1 << 1;
			case "args" -> 1 << 2;
			case "action" -> 1 << 3;
			case "success" -> 1 << 4;
			case "data" -> 1 << 5;
			case "error" -> 1 << 6;
			case "code" -> 1 << 7;
			case "methods" -> 1 << 8;
			case "protocol" -> 1 << 9;
			case "features" -> 1 << 10;
			case "meta" -> 1 << 11;
			case "topics" -> 1 << 12;
			case "topic" -> 1 << 13;
			case "stream" -> 1 << 14;
			default -> 0;
		};
		if (bit != 0) {
			if ((this.seen & bit) != 0) {
				throw duplicate(name);
			}
			this.seen |= bit;
			return;
		}
		if (this.otherNames == null) {
			this.otherNames = new HashSet<>();
		}
		if (!this.otherNames.add(name)) {
			throw duplicate(name);
		}
	}

	private static WireFormatException duplicate(String name) {
		return new WireFormatException("duplicate key \"" + shorten(name) + "\" in the message", null);
	}

	/**
	 * Checks a nested value for duplicate keys when it holds an object ({@code {} inside
	 * a string costs a check).
	 */
	private void checkNested(int start, int end) {
		for (int i = this.offset + start; i < this.offset + end; i++) {
			if (this.bytes[i] == '{') {
				try (JsonParser nested = this.strict.createParser(ObjectReadContext.empty(), this.bytes,
						this.offset + start, end - start)) {
					while (nested.nextToken() != null) {
						// reading every token is the check
					}
				}
				return;
			}
		}
	}

	/**
	 * Where the current value token starts, counted from the line's start, without
	 * allocating a location: the byte parser counts one past it, as its
	 * {@code currentTokenLocation()} shows.
	 */
	private int tokenStart() {
		if (this.parser instanceof UTF8StreamJsonParser base) {
			return (int) base.getTokenCharacterOffset() - 1;
		}
		return (int) this.parser.currentTokenLocation().getByteOffset();
	}

	private String string(JsonToken token, String invalidReason) {
		if (token == JsonToken.VALUE_STRING) {
			return this.parser.getString();
		}
		skipChecked(token);
		if (invalidReason != null) {
			invalid(invalidReason);
		}
		return null;
	}

	/**
	 * A numeric rid is kept as a {@code Long} when a {@code long} writes it back
	 * unchanged, and as its text otherwise ({@code -0}, decimals, integers beyond
	 * {@code long}); a decimal still has to be a number {@code BigDecimal} can hold,
	 * which rules out exponents beyond its range.
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
			skipChecked(token);
			this.rid = null;
			invalid("rid must be a number or a string");
		}
	}

	private List<String> readNames(JsonToken token) {
		if (token != JsonToken.START_ARRAY) {
			skipChecked(token);
			return null;
		}
		List<String> names = new ArrayList<>();
		JsonToken element;
		while ((element = this.parser.nextToken()) != JsonToken.END_ARRAY) {
			if (element.isScalarValue() && element != JsonToken.VALUE_NULL) {
				names.add(this.parser.getValueAsString());
			}
			else {
				skipChecked(element);
			}
		}
		return names;
	}

	/**
	 * Reads a request's {@code meta} object: string keys to string values within
	 * {@link RequestMeta}'s limits; anything else makes the request invalid, naming the
	 * rule broken, and a key twice makes the line malformed as anywhere else. It holds no
	 * more than the line itself, whose length the framer limits.
	 * @return the entries in the order sent, {@code null} when the request is invalid
	 */
	private Map<String, String> readMeta(JsonToken token) {
		if (token != JsonToken.START_OBJECT) {
			skipChecked(token);
			invalid("meta must be an object of strings, not " + kind(token));
			return null;
		}
		Map<String, String> entries = new LinkedHashMap<>();
		int bytes = 0;
		String problem = null;
		String name;
		while ((name = this.parser.nextName()) != null) {
			JsonToken value = this.parser.nextToken();
			String text = (value == JsonToken.VALUE_STRING) ? this.parser.getString() : null;
			if (text == null) {
				skipChecked(value);
				if (problem == null) {
					problem = "meta value of \"" + shorten(name) + "\" must be a string, not " + kind(value);
				}
			}
			if (entries.containsKey(name)) {
				throw duplicate(name);
			}
			entries.put(name, text);
			bytes += RequestMeta.utf8Length(name) + ((text != null) ? RequestMeta.utf8Length(text) : 0);
		}
		if (problem == null && entries.size() > RequestMeta.MAX_ENTRIES) {
			problem = "meta must hold at most " + RequestMeta.MAX_ENTRIES + " entries, not " + entries.size();
		}
		if (problem == null && bytes > RequestMeta.MAX_BYTES) {
			problem = "meta must hold at most " + RequestMeta.MAX_BYTES + " bytes of UTF-8 in its keys and values, not "
					+ bytes;
		}
		if (problem != null) {
			invalid(problem);
			return null;
		}
		return Collections.unmodifiableMap(entries);
	}

	private static String kind(JsonToken token) {
		return switch (token) {
			case START_OBJECT -> "an object";
			case START_ARRAY -> "an array";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			case VALUE_STRING -> "a string";
			default -> "null";
		};
	}

	private static String shorten(String name) {
		return (name.length() <= 60) ? name : name.substring(0, 57) + "...";
	}

	/**
	 * Copies the bytes of the value under the current token, counting the elements of an
	 * array and keeping the scalars of a small one (or a scalar value) already read.
	 */
	private RawJson capture(JsonToken token) {
		int start = tokenStart();
		int end;
		int elements = -1;
		Object[] scalars = null;
		if (token == JsonToken.START_ARRAY) {
			elements = 0;
			scalars = new Object[8];
			JsonToken element;
			while ((element = this.parser.nextToken()) != JsonToken.END_ARRAY) {
				if (scalars != null && elements == scalars.length) {
					scalars = (elements < RawJson.MAX_SCALARS) ? Arrays.copyOf(scalars, elements * 2) : null;
				}
				if (scalars != null) {
					scalars[elements] = ScalarValues.preRead(this.parser, element);
				}
				elements++;
				skip(element);
			}
			end = tokenStart() + 1;
		}
		else if (token.isStructStart()) {
			this.parser.skipChildren();
			end = tokenStart() + 1;
		}
		else {
			scalars = new Object[] { ScalarValues.preRead(this.parser, token) };
			skip(token);
			end = (int) this.parser.currentLocation().getByteOffset();
		}
		if (token.isStructStart()) {
			checkNested(start, end);
		}
		return new RawJson(Arrays.copyOfRange(this.bytes, this.offset + start, this.offset + end), elements, scalars);
	}

	/**
	 * Moves past the value under the current token, reading a string to its end so that
	 * its escapes are checked.
	 */
	private void skip(JsonToken token) {
		if (token == JsonToken.VALUE_STRING) {
			this.parser.finishToken();
		}
		else if (token.isStructStart()) {
			this.parser.skipChildren();
		}
	}

	private void invalid(String reason) {
		if (this.invalid == null) {
			this.invalid = reason;
		}
	}

}
