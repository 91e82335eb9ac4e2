package dev.socketipc.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The method names a codec decoded last, so that a request for a method called before
 * costs no new string: a fixed table of {@value #SIZE} slots by a hash of the name's
 * bytes, each holding the last short ASCII name that fell in it. It never grows, whatever
 * names a peer sends. Thread-safe: a slot is read and written without a lock, which is
 * safe because a string is immutable, and at worst a name is made again.
 */
final class MethodNames {

	private static final int SIZE = 64;

	/** The longest name kept, in bytes. */
	private static final int MAX_LENGTH = 64;

	private final String[] slots = new String[SIZE];

	/**
	 * Returns the name in {@code bytes}, which is strict UTF-8 without escapes.
	 * @return the name, a string kept from before when the same ASCII name was seen
	 */
	String name(byte[] bytes, int offset, int length) {
		if (length > MAX_LENGTH) {
			return new String(bytes, offset, length, StandardCharsets.UTF_8);
		}
		int hash = 0;
		for (int i = offset; i < offset + length; i++) {
			byte b = bytes[i];
			if (b < 0) {
				return new String(bytes, offset, length, StandardCharsets.UTF_8);
			}
			hash = 31 * hash + b;
		}
		int slot = (hash ^ (hash >>> 16)) & (SIZE - 1);
		String kept = this.slots[slot];
		if (kept != null && matches(kept, bytes, offset, length)) {
			return kept;
		}
		String name = new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
		this.slots[slot] = name;
		return name;
	}

	private static boolean matches(String kept, byte[] bytes, int offset, int length) {
		if (kept.length() != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (kept.charAt(i) != bytes[offset + i]) {
				return false;
			}
		}
		return true;
	}

}
