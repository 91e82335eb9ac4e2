package dev.socketipc.protocol;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Writes the two lines every call carries, the request and its successful answer,
 * straight as bytes when all their values are integers, booleans or null and the method
 * name needs no escaping: no JSON generator for the common case. The output is identical
 * to what {@link WireCodec}'s generator path writes (tested against Jackson).
 */
final class ScalarLines {

	private static final byte[] SUCCESS_PREFIX = "{\"success\":true,\"rid\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] DATA_FIELD = ",\"data\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] RID_FIELD = "{\"rid\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] METHOD_FIELD = "\"method\":\"".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ARGS_FIELD = "\",\"args\":[".getBytes(StandardCharsets.US_ASCII);

	private ScalarLines() {
	}

	static boolean fitsRequest(Object rid, String method, Object[] args) {
		return (rid == null || isPlainNumber(rid)) && isPlainName(method) && areScalars(args);
	}

	static boolean fitsSuccess(Object rid, Object data) {
		return isPlainNumber(rid) && (data == null || isPlainNumber(data) || data instanceof Boolean);
	}

	/**
	 * A name that JSON writes as it is: printable ASCII without a quote or a backslash.
	 */
	private static boolean isPlainName(String name) {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
				return false;
			}
		}
		return true;
	}

	private static boolean areScalars(Object[] args) {
		for (Object arg : args) {
			if (arg != null && !isPlainNumber(arg) && !(arg instanceof Boolean)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The common request, {@code {"rid":1,"method":"add","args":[1,2,3,4,5]}}, written as
	 * bytes when the name needs no escaping and every argument is an integer, a boolean
	 * or null.
	 */
	static ByteBuf request(ByteBufAllocator allocator, Object rid, String method, Object[] args) {
		ByteBuf buffer = allocator.buffer(32 + method.length() + 8 * args.length);
		if (rid != null) {
			buffer.writeBytes(RID_FIELD);
			writeDecimal(buffer, ((Number) rid).longValue());
			buffer.writeByte(',');
		}
		else {
			buffer.writeByte('{');
		}
		buffer.writeBytes(METHOD_FIELD);
		buffer.writeCharSequence(method, StandardCharsets.US_ASCII);
		buffer.writeBytes(ARGS_FIELD);
		for (int i = 0; i < args.length; i++) {
			if (i > 0) {
				buffer.writeByte(',');
			}
			writeScalar(buffer, args[i]);
		}
		buffer.writeByte(']');
		buffer.writeByte('}');
		buffer.writeByte(WireCodec.NEWLINE);
		return buffer;
	}

	private static void writeScalar(ByteBuf buffer, Object value) {
		if (value == null) {
			buffer.writeCharSequence("null", StandardCharsets.US_ASCII);
		}
		else if (value instanceof Boolean bool) {
			buffer.writeCharSequence(bool ? "true" : "false", StandardCharsets.US_ASCII);
		}
		else {
			writeDecimal(buffer, ((Number) value).longValue());
		}
	}

	private static boolean isPlainNumber(Object value) {
		return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
	}

	/**
	 * The common answer, {@code {"success":true,"rid":1,"data":15}}, written as bytes: no
	 * generator for a line whose every value is an integer, a boolean or null, which
	 * never need escaping.
	 */
	static ByteBuf success(ByteBufAllocator allocator, Object rid, Object data) {
		ByteBuf buffer = allocator.buffer(64);
		buffer.writeBytes(SUCCESS_PREFIX);
		writeDecimal(buffer, ((Number) rid).longValue());
		buffer.writeBytes(DATA_FIELD);
		writeScalar(buffer, data);
		buffer.writeByte('}');
		buffer.writeByte(WireCodec.NEWLINE);
		return buffer;
	}

	private static void writeDecimal(ByteBuf buffer, long value) {
		if (value == Long.MIN_VALUE) {
			buffer.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
			return;
		}
		long remaining = value;
		if (remaining < 0) {
			buffer.writeByte('-');
			remaining = -remaining;
		}
		long divisor = 1;
		while (remaining / divisor >= 10) {
			divisor *= 10;
		}
		for (; divisor > 0; divisor /= 10) {
			buffer.writeByte((int) ('0' + (remaining / divisor) % 10));
		}
	}

}
