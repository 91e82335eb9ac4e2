package dev.socketipc.protocol;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the protocol's lines: UTF-8 JSON, one value per line, each line ended
 * by a single {@code \n}. Decoding is {@link LineDecoder}'s job, encoding
 * {@link MessageWriter}'s, binding values to Java types this class's.
 *
 * <p>
 * Every line this codec writes holds exactly one {@code \n}, at its end: JSON escapes
 * line breaks inside strings, and the codec's mapper never pretty-prints, whatever mapper
 * it was built from. This class is thread-safe.
 */
public final class WireCodec {

	/**
	 * Jackson's advice, in its two wordings, to enable a coercion through
	 * {@code CoercionConfig}.
	 */
	private static final Pattern COERCION_ADVICE = Pattern
		.compile("\\s*\\(but (?:could|might) if coercion[^)]*`CoercionConfig`[^)]*\\)");

	/** The line terminator, always {@code \n} whatever the platform. */
	public static final byte NEWLINE = '\n';

	/**
	 * The protocol revision announced in the {@code register} message; seed peers ignore
	 * it.
	 */
	public static final int PROTOCOL_VERSION = 1;

	private final JsonMapper mapper;

	/**
	 * Parses and generates the lines. The mapper's own factory (same read and write
	 * constraints) with a thread-local buffer pool: lines are read and written on the few
	 * long-lived I/O threads, where a thread-local pool costs nothing, while the default
	 * concurrent pool takes a lock-free queue round trip per line.
	 */
	private final TokenStreamFactory lines;

	private final boolean lenientCoercion;

	private final LineDecoder decoder;

	private final MessageWriter writer;

	private WireCodec(JsonMapper mapper, boolean lenientCoercion) {
		this.mapper = mapper;
		this.lenientCoercion = lenientCoercion;
		TokenStreamFactory factory = mapper.tokenStreamFactory();
		this.lines = (factory instanceof JsonFactory json)
				? json.rebuild().recyclerPool(JsonRecyclerPools.threadLocalPool()).build() : factory;
		// {"method":"nope","method":"add"} must not run add: nested objects are read
		// refusing duplicate keys (MessageReader checks the envelope's keys itself, since
		// the check costs a hash set per object of three keys or more)
		TokenStreamFactory strict = this.lines.rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
		this.decoder = new LineDecoder(this.lines, strict);
		this.writer = new MessageWriter(mapper, this.lines);
	}

	/**
	 * Creates a codec with a plain {@link JsonMapper} and strict conversions.
	 * @return a new codec
	 */
	public static WireCodec create() {
		return of(JsonMapper.builder().build());
	}

	/**
	 * Creates a codec from an application's mapper with strict conversions; see
	 * {@link #of(JsonMapper, boolean)}.
	 * @param applicationMapper the mapper to start from
	 * @return a new codec
	 */
	public static WireCodec of(JsonMapper applicationMapper) {
		return of(applicationMapper, false);
	}

	/**
	 * Creates a codec from an application's mapper, keeping its modules and settings
	 * except pretty-printing and default typing, which are always off on the wire: a peer
	 * must never choose the Java class an argument is read as (class names in the payload
	 * are plain data).
	 *
	 * <p>
	 * By default conversions that lose or invent information fail: a decimal or a string
	 * for an integer, a number for a boolean or an enum, {@code null} for a nested
	 * primitive, a number that overflows or underflows a {@code double} or {@code float}.
	 * With {@code lenientCoercion} they follow the application mapper's rules instead.
	 * Decimals reach a {@link java.math.BigDecimal} digit for digit either way.
	 * @param applicationMapper the mapper to start from
	 * @param lenientCoercion whether to keep Jackson's lossy coercions
	 * ({@code ipc.codec.lenient-coercion})
	 * @return a new codec
	 */
	public static WireCodec of(JsonMapper applicationMapper, boolean lenientCoercion) {
		JsonMapper.Builder wire = applicationMapper.rebuild()
			.disable(SerializationFeature.INDENT_OUTPUT)
			.deactivateDefaultTyping()
			.addModule(BoundedDecimal.module());
		if (!lenientCoercion) {
			StrictCoercion.apply(wire);
		}
		return new WireCodec(wire.build(), lenientCoercion);
	}

	/**
	 * Returns the mapper used on the wire, for converting {@code args} and {@code data}
	 * to Java types.
	 * @return the wire mapper
	 */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * Tells whether this codec keeps Jackson's lossy coercions.
	 * @return {@code true} when built with {@code lenientCoercion}
	 */
	public boolean isLenientCoercion() {
		return this.lenientCoercion;
	}

	/**
	 * Describes why a value did not convert, for an error message: Jackson's own message,
	 * with its advice to configure a {@code CoercionConfig} replaced, under strict
	 * conversions, by the setting that relaxes them.
	 * @param failure what Jackson threw while converting a value
	 * @return the description
	 */
	public String describe(JacksonException failure) {
		String message = failure.getOriginalMessage();
		if (message == null) {
			return failure.getClass().getSimpleName();
		}
		Matcher advice = COERCION_ADVICE.matcher(message);
		if (this.lenientCoercion || !advice.find()) {
			return message;
		}
		return message.substring(0, advice.start()) + " (strict conversion: ipc.codec.lenient-coercion=true accepts it)"
				+ message.substring(advice.end());
	}

	/**
	 * Binds a decoded JSON value (a response's {@code data}) to a Java type. Numbers,
	 * strings and booleans going to their exact Java types skip Jackson's databind;
	 * anything else, every value that needs a coercion or would fail included, is read by
	 * the wire mapper straight from the value's bytes, so its rules and messages apply.
	 * @param value the value
	 * @param type the target type
	 * @return the converted value
	 * @throws JacksonException when the value does not convert to the type under the
	 * codec's rules; a custom deserializer may throw anything
	 */
	public Object convert(RawJson value, JavaType type) {
		if (!value.isArray()) {
			Object scalar = ScalarValues.convert(value.scalar(0), type.getRawClass());
			if (scalar != ScalarValues.NOT_SCALAR) {
				return scalar;
			}
		}
		byte[] bytes = value.bytes();
		return this.mapper.readValue(bytes, 0, bytes.length, type);
	}

	/**
	 * Starts binding the elements of a decoded JSON array (a request's {@code args}) one
	 * by one.
	 * @param array the array
	 * @return a reader over its elements, to be closed after use
	 */
	public ArgumentReader readElements(RawJson array) {
		if (!array.isArray()) {
			throw new IllegalArgumentException("not a JSON array: " + array.abbreviate(60));
		}
		return new ArgumentReader(this.mapper, this.lines, array);
	}

	/**
	 * Decodes one line (without its terminator). The common request line is read without
	 * a parser ({@link RequestScanner}); every other line by Jackson, to the same result.
	 * @param bytes the buffer holding the line
	 * @param offset where the line starts
	 * @param length the line's length in bytes
	 * @return the message, {@link WireMessage.Invalid} when it breaks an envelope rule
	 * @throws WireFormatException when the line is not strict UTF-8, not exactly one JSON
	 * value, holds a duplicate key, or holds a rid out of range
	 */
	public WireMessage decode(byte[] bytes, int offset, int length) {
		return this.decoder.decode(bytes, offset, length);
	}

	/**
	 * Whether {@link #decode} may read lines of this length without a parser; for tests.
	 */
	boolean scans(int length) {
		return this.decoder.scans(length);
	}

	/** Decodes a line that is strict UTF-8 with a parser; for tests. */
	WireMessage parse(byte[] bytes, int offset, int length) {
		return this.decoder.parse(bytes, offset, length);
	}

	/**
	 * Encodes the {@code register} message a server sends first on every connection:
	 * {@code {"action":"register","methods":[...],"protocol":1,"features":[...]}}.
	 * @param allocator where to allocate the line
	 * @param methods the exposed method names
	 * @param features the extensions the server supports ({@link WireFeatures}), in a
	 * stable order
	 * @return the encoded line
	 */
	public ByteBuf encodeRegister(ByteBufAllocator allocator, Collection<String> methods, Collection<String> features) {
		return this.writer.register(allocator, methods, features, null);
	}

	/**
	 * Encodes a {@code register} message that also lists the topics a client may
	 * subscribe to:
	 * {@code {"action":"register","methods":[...],"protocol":1,"features":[...],"topics":[...]}}.
	 * @param allocator where to allocate the line
	 * @param methods the exposed method names
	 * @param features the extensions the server supports, in a stable order
	 * @param topics the topic names, written even when empty
	 * @return the encoded line
	 */
	public ByteBuf encodeRegister(ByteBufAllocator allocator, Collection<String> methods, Collection<String> features,
			Collection<String> topics) {
		return this.writer.register(allocator, methods, features, topics);
	}

	/**
	 * Encodes an event {@code {"action":"event","topic":T,"data":V}}. Only for a
	 * connection that subscribed to the topic.
	 * @param allocator where to allocate the line
	 * @param topic the topic's name
	 * @param data the payload, written with the wire mapper
	 * @return the encoded line
	 * @throws JacksonException when the payload cannot be written as JSON
	 */
	public ByteBuf encodeEvent(ByteBufAllocator allocator, String topic, Object data) {
		return this.writer.event(allocator, topic, data);
	}

	/**
	 * Encodes one item of a streaming call {@code {"action":"next","rid":R,"data":V}}.
	 * Only for a request that carried {@code "stream":true}.
	 * @param allocator where to allocate the line
	 * @param rid the request's id, echoed as received
	 * @param data the item, written with the wire mapper
	 * @return the encoded line
	 * @throws JacksonException when the item cannot be written as JSON
	 */
	public ByteBuf encodeNext(ByteBufAllocator allocator, Object rid, Object data) {
		return this.writer.next(allocator, rid, data);
	}

	/**
	 * Encodes a client's cancel of a streaming call {@code {"action":"cancel","rid":R}}.
	 * Only for a server whose {@code register} listed {@link WireFeatures#STREAM}.
	 * @param allocator where to allocate the line
	 * @param rid the streaming call's request id
	 * @return the encoded line
	 */
	public ByteBuf encodeCancel(ByteBufAllocator allocator, Object rid) {
		return this.writer.cancel(allocator, rid);
	}

	/**
	 * Encodes an action message such as {@code {"action":"pong"}}.
	 * @param allocator where to allocate the line
	 * @param action the action's name
	 * @return the encoded line
	 */
	public ByteBuf encodeAction(ByteBufAllocator allocator, String action) {
		return this.writer.action(allocator, action);
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
		return encodeRequest(allocator, rid, method, args, Map.of());
	}

	/**
	 * Encodes a request with a {@code meta} object,
	 * {@code {"rid":R,"method":M,"args":[...],"meta":{...}}}; an empty {@code meta} is
	 * left out. Only for a server whose {@code register} listed
	 * {@link WireFeatures#META}: a seed server must never see it.
	 * @param allocator where to allocate the line
	 * @param rid the request id, or {@code null} for a notification
	 * @param method the method's wire name
	 * @param args the arguments, already spread (no varargs array left)
	 * @param meta string keys to string values, empty for none
	 * @return the encoded line
	 * @throws JacksonException when an argument cannot be written as JSON
	 */
	public ByteBuf encodeRequest(ByteBufAllocator allocator, Object rid, String method, Object[] args,
			Map<String, String> meta) {
		return this.writer.request(allocator, rid, method, args, meta, false);
	}

	/**
	 * Encodes a request that may ask for a stream,
	 * {@code {"rid":R,"method":M,"args":[...],"meta":{...},"stream":true}};
	 * {@code stream} is left out when {@code false}. Only for a server whose
	 * {@code register} listed {@link WireFeatures#STREAM}.
	 * @param allocator where to allocate the line
	 * @param rid the request id
	 * @param method the method's wire name
	 * @param args the arguments, already spread
	 * @param meta string keys to string values, empty for none
	 * @param stream whether to ask for the items one {@code next} line at a time
	 * @return the encoded line
	 * @throws JacksonException when an argument cannot be written as JSON
	 */
	public ByteBuf encodeRequest(ByteBufAllocator allocator, Object rid, String method, Object[] args,
			Map<String, String> meta, boolean stream) {
		return this.writer.request(allocator, rid, method, args, meta, stream);
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
		return this.writer.success(allocator, rid, data, 0);
	}

	/**
	 * Encodes a successful response into a buffer that starts at about the size given,
	 * such as the size of the method's last answer, so that a large answer is not copied
	 * each time its buffer doubles.
	 * @param allocator where to allocate the line
	 * @param rid the request's id, echoed as received
	 * @param data the result, written with the wire mapper
	 * @param sizeHint the expected size of the line in bytes, {@code 0} for none
	 * @return the encoded line
	 * @throws JacksonException when the result cannot be written as JSON
	 */
	public ByteBuf encodeSuccess(ByteBufAllocator allocator, Object rid, Object data, int sizeHint) {
		return this.writer.success(allocator, rid, data, sizeHint);
	}

	/**
	 * Encodes a failed response
	 * {@code {"success":false,"rid":R,"error":"...","code":"..."}}.
	 * @param allocator where to allocate the line
	 * @param rid the request's id, or {@code null} when it is not known (the field is
	 * then left out)
	 * @param code the error code
	 * @param message the human message
	 * @return the encoded line
	 */
	public ByteBuf encodeError(ByteBufAllocator allocator, Object rid, ErrorCode code, String message) {
		return encodeError(allocator, rid, code.name(), message);
	}

	/**
	 * Encodes a failed response with any code, one of {@link ErrorCode}'s names or an
	 * application's own; receivers treat a code they do not know as a generic failure.
	 * @param allocator where to allocate the line
	 * @param rid the request's id, or {@code null} when it is not known (the field is
	 * then left out)
	 * @param code the error code as written on the wire
	 * @param message the human message
	 * @return the encoded line
	 */
	public ByteBuf encodeError(ByteBufAllocator allocator, Object rid, String code, String message) {
		return this.writer.error(allocator, rid, code, message);
	}

}
