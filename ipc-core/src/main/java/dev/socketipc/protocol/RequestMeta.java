package dev.socketipc.protocol;

/**
 * The limits of a request's {@code meta} object: string keys to string values, at most
 * {@value #MAX_ENTRIES} entries and {@value #MAX_BYTES} bytes of UTF-8 in its keys and
 * values together. A request that breaks one is answered {@code INVALID_REQUEST} naming
 * the rule.
 */
public final class RequestMeta {

	/** The most entries a {@code meta} object may hold. */
	public static final int MAX_ENTRIES = 16;

	/** The most bytes of UTF-8 its keys and values may hold together. */
	public static final int MAX_BYTES = 4096;

	private RequestMeta() {
	}

	/**
	 * Counts the bytes of a string in UTF-8 without encoding it.
	 * @param text the string
	 * @return its length in UTF-8
	 */
	static int utf8Length(String text) {
		int bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes++;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

}
