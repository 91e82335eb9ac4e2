package dev.socketipc.protocol;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds the elements of a JSON array ({@code args}) one by one, each straight from the array's bytes to its own Java
 * type: a scalar from the parser's token, anything else with the wire mapper over the element's own bytes. Not
 * thread-safe; close it after use.
 */
public final class ArgumentReader implements AutoCloseable {

	private final JsonMapper mapper;

	private final byte[] bytes;

	private final JsonParser parser;

	private JsonToken token;

	private int start = -1;

	private int end = -1;

	ArgumentReader(JsonMapper mapper, TokenStreamFactory lines, RawJson array) {
		this.mapper = mapper;
		this.bytes = array.bytes();
		this.parser = lines.createParser(ObjectReadContext.empty(), this.bytes);
		this.parser.nextToken();
	}

	/**
	 * Moves to the next element.
	 * @return {@code false} when there is none left
	 */
	public boolean next() {
		this.token = this.parser.nextToken();
		this.start = -1;
		this.end = -1;
		return this.token != JsonToken.END_ARRAY;
	}

	/**
	 * Tells whether the current element is {@code null}.
	 * @return {@code true} for a JSON {@code null}
	 */
	public boolean isNull() {
		return this.token == JsonToken.VALUE_NULL;
	}

	/**
	 * Binds the current element.
	 * @param type the Java type
	 * @return the value
	 * @throws JacksonException when the element does not convert to the type under the codec's rules; a custom
	 * deserializer may throw anything
	 */
	public Object read(JavaType type) {
		Object value = ScalarValues.read(this.parser, this.token, type.getRawClass());
		if (value != ScalarValues.NOT_SCALAR) {
			return value;
		}
		this.start = (int) this.parser.currentTokenLocation().getByteOffset();
		if (this.token == JsonToken.VALUE_STRING) {
			this.parser.finishToken();
		}
		else {
			this.parser.skipChildren();
		}
		this.end = (int) this.parser.currentLocation().getByteOffset();
		return this.mapper.readValue(this.bytes, this.start, this.end - this.start, type);
	}

	/**
	 * Returns the JSON text of the element last passed to {@link #read}, cut to {@code maxChars}, for messages.
	 * @param maxChars the longest text returned, at least 4
	 * @return the text
	 */
	public String abbreviate(int maxChars) {
		if (this.end < 0) {
			// a scalar that failed on the fast path, such as a decimal beyond BigDecimal's range
			String text = String.valueOf(this.parser.getString());
			return (text.length() <= maxChars) ? text : text.substring(0, maxChars - 3) + "...";
		}
		return RawJson.abbreviate(this.bytes, this.start, this.end - this.start, maxChars);
	}

	@Override
	public void close() {
		this.parser.close();
	}

}
