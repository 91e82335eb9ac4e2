package dev.socketipc.protocol;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds the elements of a JSON array ({@code args}), in order, each straight to its own
 * Java type: a scalar the decoder already read goes to its exact type without a parser;
 * anything else is read from the array's bytes, a scalar from the parser's token, a
 * structure by the wire mapper over the element's own bytes. Not thread-safe; close it
 * after use.
 */
public final class ArgumentReader implements AutoCloseable {

	private final JsonMapper mapper;

	private final TokenStreamFactory factory;

	private final RawJson array;

	private JsonParser parser;

	/** The element the parser is on, {@code -1} before the first. */
	private int position = -1;

	private JsonToken token;

	/** Whether the parser has moved past the current element's structure already. */
	private boolean consumed;

	private int failedIndex = -1;

	private int start;

	private int end;

	ArgumentReader(JsonMapper mapper, TokenStreamFactory factory, RawJson array) {
		this.mapper = mapper;
		this.factory = factory;
		this.array = array;
	}

	/**
	 * Tells whether an element is {@code null}.
	 * @param index the element's index, not below one already read
	 * @return {@code true} for a JSON {@code null}
	 */
	public boolean isNull(int index) {
		if (this.array.hasScalars()) {
			return this.array.scalar(index) == ScalarValues.JSON_NULL;
		}
		moveTo(index);
		return this.token == JsonToken.VALUE_NULL;
	}

	/**
	 * Binds an element; elements are read in order.
	 * @param index the element's index, not below one already read
	 * @param type the Java type
	 * @return the value
	 * @throws JacksonException when the element does not convert to the type under the
	 * codec's rules; a custom deserializer may throw anything
	 */
	public Object read(int index, JavaType type) {
		Class<?> raw = type.getRawClass();
		Object value = ScalarValues.convert(this.array.scalar(index), raw);
		if (value != ScalarValues.NOT_SCALAR) {
			return value;
		}
		int known = this.array.start(index);
		if (known >= 0) {
			// a structure the decoder found the bounds of: no parser to find it again
			this.failedIndex = index;
			this.start = known;
			this.end = this.array.end(index);
			value = this.mapper.readValue(this.array.bytes(), this.start, this.end - this.start, type);
			this.failedIndex = -1;
			return value;
		}
		moveTo(index);
		this.failedIndex = index;
		this.start = -1;
		value = ScalarValues.read(this.parser, this.token, raw);
		if (value != ScalarValues.NOT_SCALAR) {
			this.failedIndex = -1;
			return value;
		}
		this.start = (int) this.parser.currentTokenLocation().getByteOffset();
		if (this.token.isStructStart()) {
			this.parser.skipChildren();
			this.consumed = true;
		}
		else if (this.token == JsonToken.VALUE_STRING) {
			this.parser.finishToken();
		}
		this.end = (int) this.parser.currentLocation().getByteOffset();
		value = this.mapper.readValue(this.array.bytes(), this.start, this.end - this.start, type);
		this.failedIndex = -1;
		return value;
	}

	private void moveTo(int index) {
		if (this.parser == null) {
			this.parser = this.factory.createParser(ObjectReadContext.empty(), this.array.bytes());
			this.parser.nextToken();
		}
		if (index < this.position) {
			throw new IllegalStateException("elements are read in order: " + index + " after " + this.position);
		}
		while (this.position < index) {
			if (this.position >= 0 && this.token.isStructStart() && !this.consumed) {
				this.parser.skipChildren();
			}
			this.token = this.parser.nextToken();
			this.consumed = false;
			this.position++;
		}
	}

	/**
	 * Returns the JSON text of the element whose {@link #read} failed last, cut to
	 * {@code maxChars}, for messages.
	 * @param index the element's index
	 * @param maxChars the longest text returned, at least 4
	 * @return the text
	 */
	public String abbreviate(int index, int maxChars) {
		if (index == this.failedIndex && this.start >= 0) {
			return RawJson.abbreviate(this.array.bytes(), this.start, this.end - this.start, maxChars);
		}
		if (index == this.position && this.token != null && this.token.isScalarValue()) {
			// a scalar that failed on the fast path, such as a decimal beyond
			// BigDecimal's range
			String text = String.valueOf(this.parser.getString());
			return (text.length() <= maxChars) ? text : text.substring(0, maxChars - 3) + "...";
		}
		return "element " + (index + 1);
	}

	@Override
	public void close() {
		if (this.parser != null) {
			this.parser.close();
		}
	}

}
