package dev.socketipc.protocol;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@link WireCodec}'s messages as lines: {@code register}, actions, requests and
 * answers, each one JSON object ended by {@code \n}, common scalar lines through
 * {@link ScalarLines} and the rest through a generator. This class is thread-safe.
 */
final class MessageWriter {

	/** The size a line's buffer starts at without a hint. */
	static final int DEFAULT_SIZE = 128;

	private final JsonMapper mapper;

	private final TokenStreamFactory lines;

	/**
	 * Creates a writer.
	 * @param mapper the wire mapper, for values that are not common scalars
	 * @param lines the factory whose generators write the lines
	 */
	MessageWriter(JsonMapper mapper, TokenStreamFactory lines) {
		this.mapper = mapper;
		this.lines = lines;
	}

	/** See {@link WireCodec#encodeRegister}. */
	ByteBuf register(ByteBufAllocator allocator, Collection<String> methods, Collection<String> features,
			Collection<String> topics) {
		return write(allocator, (generator) -> {
			generator.writeStringProperty("action", "register");
			writeNames(generator, "methods", methods);
			generator.writeNumberProperty("protocol", WireCodec.PROTOCOL_VERSION);
			writeNames(generator, "features", features);
			if (topics != null) {
				writeNames(generator, "topics", topics);
			}
		});
	}

	private static void writeNames(JsonGenerator generator, String field, Collection<String> names) {
		generator.writeName(field);
		generator.writeStartArray();
		for (String name : names) {
			generator.writeString(name);
		}
		generator.writeEndArray();
	}

	/** See {@link WireCodec#encodeAction}. */
	ByteBuf action(ByteBufAllocator allocator, String action) {
		return write(allocator, (generator) -> generator.writeStringProperty("action", action));
	}

	/**
	 * See
	 * {@link WireCodec#encodeRequest(ByteBufAllocator, Object, String, Object[], Map)}.
	 */
	ByteBuf request(ByteBufAllocator allocator, Object rid, String method, Object[] args, Map<String, String> meta,
			boolean stream) {
		if (!stream && meta.isEmpty() && ScalarLines.fitsRequest(rid, method, args)) {
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
			if (!meta.isEmpty()) {
				generator.writeName("meta");
				generator.writeStartObject();
				for (Map.Entry<String, String> entry : meta.entrySet()) {
					generator.writeStringProperty(entry.getKey(), entry.getValue());
				}
				generator.writeEndObject();
			}
			if (stream) {
				generator.writeBooleanProperty("stream", true);
			}
		});
	}

	/** See {@link WireCodec#encodeEvent}. */
	ByteBuf event(ByteBufAllocator allocator, String topic, Object data) {
		return write(allocator, (generator) -> {
			generator.writeStringProperty("action", "event");
			generator.writeStringProperty("topic", topic);
			generator.writeName("data");
			writeValue(generator, data);
		});
	}

	/** See {@link WireCodec#encodeNext}. */
	ByteBuf next(ByteBufAllocator allocator, Object rid, Object data) {
		return write(allocator, (generator) -> {
			generator.writeStringProperty("action", "next");
			writeRid(generator, rid);
			generator.writeName("data");
			writeValue(generator, data);
		});
	}

	/** See {@link WireCodec#encodeCancel}. */
	ByteBuf cancel(ByteBufAllocator allocator, Object rid) {
		return write(allocator, (generator) -> {
			generator.writeStringProperty("action", "cancel");
			writeRid(generator, rid);
		});
	}

	/**
	 * See {@link WireCodec#encodeSuccess(ByteBufAllocator, Object, Object, int)}.
	 */
	ByteBuf success(ByteBufAllocator allocator, Object rid, Object data, int sizeHint) {
		if (ScalarLines.fitsSuccess(rid, data)) {
			return ScalarLines.success(allocator, rid, data);
		}
		return write(allocator, sizeHint, (generator) -> {
			generator.writeBooleanProperty("success", true);
			writeRid(generator, rid);
			generator.writeName("data");
			writeValue(generator, data);
		});
	}

	/** See {@link WireCodec#encodeError(ByteBufAllocator, Object, String, String)}. */
	ByteBuf error(ByteBufAllocator allocator, Object rid, String code, String message) {
		return write(allocator, (generator) -> {
			generator.writeBooleanProperty("success", false);
			if (rid != null) {
				writeRid(generator, rid);
			}
			generator.writeStringProperty("error", message);
			generator.writeStringProperty("code", code);
		});
	}

	/**
	 * Writes common scalars straight to the generator and anything else through the
	 * mapper, whose serialization context is only worth creating for values that need it.
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
		else if (rid instanceof RawNumber value) {
			generator.writeNumber(value.text());
		}
		else {
			generator.writeString(rid.toString());
		}
	}

	private ByteBuf write(ByteBufAllocator allocator, ObjectBody body) {
		return write(allocator, DEFAULT_SIZE, body);
	}

	/**
	 * Writes one line into a buffer of about {@code sizeHint} bytes to start with, which
	 * grows by doubling as needed.
	 */
	private ByteBuf write(ByteBufAllocator allocator, int sizeHint, ObjectBody body) {
		// an eighth to spare, for an answer a little longer than the last
		ByteBuf buffer = allocator.buffer(Math.max(DEFAULT_SIZE, sizeHint + (sizeHint >> 3)));
		boolean done = false;
		try {
			OutputStream out = new ByteBufOutputStream(buffer);
			try (JsonGenerator generator = this.lines.createGenerator(ObjectWriteContext.empty(), out)) {
				generator.writeStartObject();
				body.write(generator);
				generator.writeEndObject();
			}
			buffer.writeByte(WireCodec.NEWLINE);
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
