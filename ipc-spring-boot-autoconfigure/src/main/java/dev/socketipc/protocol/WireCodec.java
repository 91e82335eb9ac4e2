package dev.socketipc.protocol;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the protocol's lines: UTF-8 JSON, one value per line, each line ended by a single {@code \n}.
 *
 * <p>Every line this codec writes holds exactly one {@code \n}, at its end: JSON escapes line breaks inside strings,
 * and the codec's mapper never pretty-prints, whatever mapper it was built from. This class is thread-safe.
 */
public final class WireCodec {

	/** The line terminator, always {@code \n} whatever the platform. */
	public static final byte NEWLINE = '\n';

	/** The protocol revision announced in the {@code register} message; seed peers ignore it. */
	public static final int PROTOCOL_VERSION = 1;

	private final JsonMapper mapper;

	/**
	 * Parses and generates the lines. The mapper's own factory (same read and write constraints) with a thread-local
	 * buffer pool: lines are read and written on the few long-lived I/O threads, where a thread-local pool costs
	 * nothing, while the default concurrent pool takes a lock-free queue round trip per line.
	 */
	private final TokenStreamFactory lines;

	/** Whether decoded trees hold decimal numbers as {@link BigDecimal}, as the mapper's own trees would. */
	private final boolean bigDecimals;

	private WireCodec(JsonMapper mapper) {
		this.mapper = mapper;
		TokenStreamFactory factory = mapper.tokenStreamFactory();
		this.lines = (factory instanceof JsonFactory json)
				? json.rebuild().recyclerPool(JsonRecyclerPools.threadLocalPool()).build() : factory;
		this.bigDecimals = mapper.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
	}

	/**
	 * Creates a codec with a plain {@link JsonMapper}.
	 * @return a new codec
	 */
	public static WireCodec create() {
		return of(JsonMapper.builder().build());
	}

	/**
	 * Creates a codec from an application's mapper, keeping its modules and settings except pretty-printing and
	 * default typing, which are always off on the wire: a peer must never choose the Java class an argument is read
	 * as (class names in the payload are plain data).
	 * @param applicationMapper the mapper to start from
	 * @return a new codec
	 */
	public static WireCodec of(JsonMapper applicationMapper) {
		JsonMapper wire = applicationMapper.rebuild()
			.disable(SerializationFeature.INDENT_OUTPUT)
			.deactivateDefaultTyping()
			.build();
		return new WireCodec(wire);
	}

	/**
	 * Returns the mapper used on the wire, for converting {@code args} and {@code data} to Java types.
	 * @return the wire mapper
	 */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * Converts a decoded JSON value ({@code args} element or {@code data}) to a Java type with the wire mapper.
	 * Numbers, strings and booleans going to their exact Java types skip Jackson's databind, which creates a parser
	 * and a context per value; anything else, including every value that needs coercion or would fail, goes through
	 * Jackson so that its rules and messages apply unchanged.
	 * @param node the value
	 * @param type the target type
	 * @return the converted value
	 * @throws JacksonException when Jackson cannot convert it
	 */
	public Object convert(JsonNode node, JavaType type) {
		Class<?> raw = type.getRawClass();
		if ((raw == int.class || raw == Integer.class) && node.isIntegralNumber() && node.canConvertToInt()) {
			return node.intValue();
		}
		if ((raw == long.class || raw == Long.class) && node.isIntegralNumber() && node.canConvertToLong()) {
			return node.longValue();
		}
		if ((raw == double.class || raw == Double.class) && node.isNumber() && !node.isBigDecimal()
				&& !node.isBigInteger()) {
			return node.doubleValue();
		}
		if (raw == String.class && node.isString()) {
			return node.stringValue();
		}
		if ((raw == boolean.class || raw == Boolean.class) && node.isBoolean()) {
			return node.booleanValue();
		}
		return this.mapper.treeToValue(node, type);
	}

	/**
	 * Decodes one line (without its terminator).
	 * @param bytes the buffer holding the line
	 * @param offset where the line starts
	 * @param length the line's length in bytes
	 * @return the message, with {@link WireMessage#invalidReason()} set when it breaks an envelope rule
	 * @throws WireFormatException when the line is not exactly one JSON value, or holds a number out of range
	 */
	public WireMessage decode(byte[] bytes, int offset, int length) {
		try (JsonParser parser = this.lines.createParser(ObjectReadContext.empty(), bytes, offset, length)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				throw new WireFormatException("empty message", null);
			}
			WireMessage message = (first == JsonToken.START_OBJECT) ? readObject(parser, this.bigDecimals)
					: readNonObject(parser, first);
			if (parser.nextToken() != null) {
				throw new WireFormatException("more than one JSON value on a line", null);
			}
			return message;
		}
		catch (JacksonException ex) {
			throw new WireFormatException("malformed JSON: " + ex.getOriginalMessage(), ex);
		}
		catch (NumberFormatException ex) {
			// Jackson throws it, not a JacksonException, for a number BigDecimal cannot hold (such as 1e2147483648)
			throw new WireFormatException("number out of range: " + ex.getMessage(), ex);
		}
	}

	private static WireMessage readNonObject(JsonParser parser, JsonToken first) {
		parser.skipChildren();
		String kind = switch (first) {
			case START_ARRAY -> "an array";
			case VALUE_STRING -> "a string";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			default -> "null";
		};
		return new WireMessage(null, null, null, null, null, null, null, null, null, 0,
				"a message must be a JSON object, not " + kind);
	}

	private static WireMessage readObject(JsonParser parser, boolean bigDecimals) {
		Object rid = null;
		String action = null;
		String method = null;
		JsonNode args = null;
		Boolean success = null;
		JsonNode data = null;
		String error = null;
		String code = null;
		JsonNode methods = null;
		int protocol = 0;
		String invalid = null;
		String name;
		while ((name = parser.nextName()) != null) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "rid" -> {
					rid = readRid(parser, token);
					if (rid == null) {
						invalid = first(invalid, "rid must be a number or a string");
					}
				}
				case "method" -> {
					if (token == JsonToken.VALUE_STRING) {
						method = parser.getString();
					}
					else {
						parser.skipChildren();
						invalid = first(invalid, "method must be a string");
					}
				}
				case "args" -> {
					if (token == JsonToken.START_ARRAY) {
						args = JsonTrees.read(parser, token, bigDecimals);
					}
					else if (token != JsonToken.VALUE_NULL) {
						parser.skipChildren();
						invalid = first(invalid, "args must be an array");
					}
				}
				case "action" -> {
					if (token == JsonToken.VALUE_STRING) {
						action = parser.getString();
					}
					else {
						parser.skipChildren();
						invalid = first(invalid, "action must be a string");
					}
				}
				case "success" -> {
					if (token.isBoolean()) {
						success = token == JsonToken.VALUE_TRUE;
					}
					else {
						parser.skipChildren();
					}
				}
				case "data" -> data = JsonTrees.read(parser, token, bigDecimals);
				case "error" -> {
					if (token.isScalarValue()) {
						error = parser.getValueAsString();
					}
					else {
						error = String.valueOf(JsonTrees.read(parser, token, bigDecimals));
					}
				}
				case "code" -> {
					if (token == JsonToken.VALUE_STRING) {
						code = parser.getString();
					}
					else {
						parser.skipChildren();
					}
				}
				case "methods" -> methods = JsonTrees.read(parser, token, bigDecimals);
				case "protocol" -> {
					if (token == JsonToken.VALUE_NUMBER_INT) {
						protocol = parser.getValueAsInt(0);
					}
					else {
						parser.skipChildren();
					}
				}
				default -> parser.skipChildren();
			}
		}
		return new WireMessage(rid, action, method, args, success, data, error, code, methods, protocol, invalid);
	}

	private static Object readRid(JsonParser parser, JsonToken token) {
		if (token == JsonToken.VALUE_STRING) {
			return parser.getString();
		}
		if (token == JsonToken.VALUE_NUMBER_INT) {
			return switch (parser.getNumberType()) {
				case INT, LONG -> parser.getLongValue();
				default -> parser.getBigIntegerValue();
			};
		}
		if (token == JsonToken.VALUE_NUMBER_FLOAT) {
			return parser.getDecimalValue();
		}
		parser.skipChildren();
		return null;
	}

	private static String first(String current, String candidate) {
		return (current != null) ? current : candidate;
	}

	/**
	 * Encodes the {@code register} message a server sends first on every connection.
	 * @param allocator where to allocate the line
	 * @param methods the exposed method names
	 * @return the encoded line
	 */
	public ByteBuf encodeRegister(ByteBufAllocator allocator, Collection<String> methods) {
		return write(allocator, (generator) -> {
			generator.writeStringProperty("action", "register");
			generator.writeName("methods");
			generator.writeStartArray();
			for (String method : methods) {
				generator.writeString(method);
			}
			generator.writeEndArray();
			generator.writeNumberProperty("protocol", PROTOCOL_VERSION);
		});
	}

	/**
	 * Encodes an action message such as {@code {"action":"pong"}}.
	 * @param allocator where to allocate the line
	 * @param action the action's name
	 * @return the encoded line
	 */
	public ByteBuf encodeAction(ByteBufAllocator allocator, String action) {
		return write(allocator, (generator) -> generator.writeStringProperty("action", action));
	}

	/**
	 * Encodes a request {@code {"rid":R,"method":M,"args":[...]}}.
	 * @param allocator where to allocate the line
	 * @param rid the request id, or {@code null} for a notification
	 * @param method the method's wire name
	 * @param args the arguments, already spread (no varargs array left)
	 * @return the encoded line
	 * @throws JacksonException when an argument cannot be written as JSON
	 */
	public ByteBuf encodeRequest(ByteBufAllocator allocator, Object rid, String method, Object[] args) {
		if (ScalarLines.fitsRequest(rid, method, args)) {
			return ScalarLines.request(allocator, rid, method, args);
		}
		return write(allocator, (generator) -> {
			if (rid != null) {
				writeRid(generator, rid);
			}
			generator.writeStringProperty("method", method);
			generator.writeName("args");
			generator.writeStartArray();
			for (Object arg : args) {
				writeValue(generator, arg);
			}
			generator.writeEndArray();
		});
	}

	/**
	 * Encodes a successful response {@code {"success":true,"rid":R,"data":V}}.
	 * @param allocator where to allocate the line
	 * @param rid the request's id, echoed as received
	 * @param data the result, written with the wire mapper
	 * @return the encoded line
	 * @throws JacksonException when the result cannot be written as JSON
	 */
	public ByteBuf encodeSuccess(ByteBufAllocator allocator, Object rid, Object data) {
		if (ScalarLines.fitsSuccess(rid, data)) {
			return ScalarLines.success(allocator, rid, data);
		}
		return write(allocator, (generator) -> {
			generator.writeBooleanProperty("success", true);
			writeRid(generator, rid);
			generator.writeName("data");
			writeValue(generator, data);
		});
	}

	/**
	 * Encodes a failed response {@code {"success":false,"rid":R,"error":"...","code":"..."}}.
	 * @param allocator where to allocate the line
	 * @param rid the request's id, or {@code null} when it is not known (the field is then left out)
	 * @param code the error code
	 * @param message the human message
	 * @return the encoded line
	 */
	public ByteBuf encodeError(ByteBufAllocator allocator, Object rid, ErrorCode code, String message) {
		return write(allocator, (generator) -> {
			generator.writeBooleanProperty("success", false);
			if (rid != null) {
				writeRid(generator, rid);
			}
			generator.writeStringProperty("error", message);
			generator.writeStringProperty("code", code.name());
		});
	}

	/**
	 * Writes common scalars straight to the generator and anything else through the mapper, whose serialization
	 * context is only worth creating for values that need it.
	 */
	private void writeValue(JsonGenerator generator, Object value) {
		if (value == null) {
			generator.writeNull();
		}
		else if (value instanceof Integer number) {
			generator.writeNumber(number);
		}
		else if (value instanceof Long number) {
			generator.writeNumber(number);
		}
		else if (value instanceof String text) {
			generator.writeString(text);
		}
		else if (value instanceof Boolean bool) {
			generator.writeBoolean(bool);
		}
		else {
			this.mapper.writeValue(generator, value);
		}
	}

	private static void writeRid(JsonGenerator generator, Object rid) {
		generator.writeName("rid");
		if (rid instanceof Long value) {
			generator.writeNumber(value);
		}
		else if (rid instanceof Integer value) {
			generator.writeNumber(value);
		}
		else if (rid instanceof BigInteger value) {
			generator.writeNumber(value);
		}
		else if (rid instanceof BigDecimal value) {
			generator.writeNumber(value);
		}
		else {
			generator.writeString(rid.toString());
		}
	}

	private ByteBuf write(ByteBufAllocator allocator, ObjectBody body) {
		ByteBuf buffer = allocator.buffer(128);
		boolean done = false;
		try {
			OutputStream out = new ByteBufOutputStream(buffer);
			try (JsonGenerator generator = this.lines.createGenerator(ObjectWriteContext.empty(), out)) {
				generator.writeStartObject();
				body.write(generator);
				generator.writeEndObject();
			}
			buffer.writeByte(NEWLINE);
			done = true;
			return buffer;
		}
		finally {
			if (!done) {
				buffer.release();
			}
		}
	}

	@FunctionalInterface
	private interface ObjectBody {

		void write(JsonGenerator generator) throws JacksonException;

	}

}
