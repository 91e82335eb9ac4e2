package dev.socketipc.benchmarks;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * The bytes of the load generator's {@code add(1,2,3,4,5)} calls and the checks on their
 * answers, without allocation: request parts, the fields an answer must carry, and
 * decimal writing, parsing and byte search.
 */
final class AddWire {

	static final byte[] REQUEST_PREFIX = "{\"rid\":".getBytes(StandardCharsets.US_ASCII);

	static final byte[] REQUEST_SUFFIX = ",\"method\":\"add\",\"args\":[1,2,3,4,5]}\n"
		.getBytes(StandardCharsets.US_ASCII);

	static final byte[] RID_FIELD = "\"rid\":".getBytes(StandardCharsets.US_ASCII);

	static final byte[] SUCCESS_TRUE = "\"success\":true".getBytes(StandardCharsets.US_ASCII);

	static final byte[] DATA_15 = "\"data\":15".getBytes(StandardCharsets.US_ASCII);

	static final byte[] REGISTER = "\"action\":\"register\"".getBytes(StandardCharsets.US_ASCII);

	private AddWire() {
	}

	static void writeDecimal(ByteBuf out, long value) {
		if (value < 10) {
			out.writeByte('0' + (int) value);
			return;
		}
		int digits = 0;
		for (long v = value; v > 0; v /= 10) {
			digits++;
		}
		int end = out.writerIndex() + digits;
		out.ensureWritable(digits);
		int at = end;
		for (long v = value; v > 0; v /= 10) {
			out.setByte(--at, '0' + (int) (v % 10));
		}
		out.writerIndex(end);
	}

	/**
	 * Parses the non-negative decimal at {@code from}; {@code -1} when there is no digit
	 * there.
	 */
	static long parseDecimal(byte[] bytes, int from, int length) {
		long value = 0;
		int i = from;
		while (i < length && bytes[i] >= '0' && bytes[i] <= '9' && i - from < 18) {
			value = value * 10 + (bytes[i] - '0');
			i++;
		}
		return (i == from) ? -1 : value;
	}

	static int indexOf(byte[] bytes, int length, byte[] needle, int from) {
		int last = length - needle.length;
		outer: for (int i = from; i <= last; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (bytes[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
