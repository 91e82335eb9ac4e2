package dev.socketipc.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks that a line is strict UTF-8 before it is parsed: no overlong encodings, no
 * encoded surrogates, nothing above U+10FFFF, no truncated sequences, no byte order mark
 * and no NUL byte. Jackson decodes overlong forms ({@code C1 A1} as {@code a}) and
 * guesses UTF-16 or UTF-32 from NUL bytes, so without this check a filter in front of the
 * server (Node, Python) and the server would read different requests from the same bytes.
 * A NUL byte is never valid JSON text (JSON escapes control characters), so refusing it
 * costs nothing and rules out every UTF-16/32 line.
 */
final class StrictUtf8 {

	/** Reads eight bytes of a line at once. */
	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long HIGH_BITS = 0x8080808080808080L;

	private static final long LOW_BITS = 0x0101010101010101L;

	private StrictUtf8() {
	}

	/**
	 * Returns why the bytes are not strict UTF-8 JSON text, or {@code null} when they
	 * are.
	 */
	static String problem(byte[] bytes, int offset, int length) {
		int end = offset + length;
		if (length >= 3 && bytes[offset] == (byte) 0xEF && bytes[offset + 1] == (byte) 0xBB
				&& bytes[offset + 2] == (byte) 0xBF) {
			return "the line starts with a byte order mark; lines must be UTF-8 without one";
		}
		int i = offset;
		while (i < end) {
			i = skipAscii(bytes, i, end);
			if (i == end) {
				break;
			}
			int b = bytes[i];
			if (b > 0) {
				i++;
				continue;
			}
			if (b == 0) {
				return "NUL byte at offset " + (i - offset) + " (UTF-16 or UTF-32 text?); lines must be UTF-8";
			}
			int sequence = sequenceLength(bytes, i, end);
			if (sequence == 0) {
				return "invalid UTF-8 at offset " + (i - offset)
						+ " (overlong, surrogate, beyond U+10FFFF or truncated); lines must be strict UTF-8";
			}
			i += sequence;
		}
		return null;
	}

	/**
	 * Skips eight ASCII bytes without a NUL at a time: none has its high bit set, and
	 * none borrows when one is subtracted from each byte (only a zero byte does).
	 * @return where the first word holding another byte starts, or where fewer than eight
	 * bytes are left
	 */
	private static int skipAscii(byte[] bytes, int from, int end) {
		int i = from;
		while (i + 8 <= end) {
			long word = (long) LONGS.get(bytes, i);
			if (((word | ((word - LOW_BITS) & ~word)) & HIGH_BITS) != 0) {
				return i;
			}
			i += 8;
		}
		return i;
	}

	/**
	 * The length of the valid multi-byte sequence at {@code i}, or {@code 0} when it is
	 * not valid.
	 */
	private static int sequenceLength(byte[] bytes, int i, int end) {
		int lead = bytes[i] & 0xFF;
		int length;
		int low = 0x80;
		int high = 0xBF;
		if (lead >= 0xC2 && lead <= 0xDF) {
			length = 2;
		}
		else if (lead >= 0xE0 && lead <= 0xEF) {
			length = 3;
			if (lead == 0xE0) {
				low = 0xA0; // below is overlong
			}
			else if (lead == 0xED) {
				high = 0x9F; // above is a surrogate, U+D800..U+DFFF
			}
		}
		else if (lead >= 0xF0 && lead <= 0xF4) {
			length = 4;
			if (lead == 0xF0) {
				low = 0x90; // below is overlong
			}
			else if (lead == 0xF4) {
				high = 0x8F; // above is beyond U+10FFFF
			}
		}
		else {
			return 0; // a continuation byte, C0/C1 (always overlong) or F5..FF
		}
		if (i + length > end) {
			return 0;
		}
		int second = bytes[i + 1] & 0xFF;
		if (second < low || second > high) {
			return 0;
		}
		for (int k = 2; k < length; k++) {
			int next = bytes[i + k] & 0xFF;
			if (next < 0x80 || next > 0xBF) {
				return 0;
			}
		}
		return length;
	}

}
