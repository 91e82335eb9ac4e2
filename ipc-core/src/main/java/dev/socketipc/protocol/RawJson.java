package dev.socketipc.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One JSON value of a decoded line ({@code args} or {@code data}) kept as the exact bytes
 * that were sent, so that it is bound straight to its Java type by {@link WireCodec}: no
 * intermediate tree (which costs many times the line's size), and no number reaches Java
 * through a {@code double} unless its Java type is one. A scalar value, or an array of at
 * most {@value #MAX_SCALARS} elements, also keeps the scalars the decoder already read
 * (integers, strings, booleans, finite non-zero doubles), so the common call binds
 * without a second parser. Immutable and thread-safe.
 */
public final class RawJson {

	/** The most elements of an array whose scalars are kept already read. */
	static final int MAX_SCALARS = 16;

	private final byte[] bytes;

	private final int elements;

	private final Object[] scalars;

	/**
	 * Where each structure element starts and ends (two per element, zero for the
	 * others), or {@code null}.
	 */
	private final int[] bounds;

	/**
	 * @param elements the element count of an array, {@code -1} for any other value
	 * @param scalars the value (or each element) as {@link ScalarValues#preRead} read it,
	 * or {@code null}
	 */
	RawJson(byte[] bytes, int elements, Object[] scalars) {
		this(bytes, elements, scalars, null);
	}

	/**
	 * @param bounds where each element that is an object or an array starts and ends in
	 * the bytes (two per element, zero for the others), or {@code null}
	 */
	RawJson(byte[] bytes, int elements, Object[] scalars, int[] bounds) {
		this.bytes = bytes;
		this.elements = elements;
		this.scalars = scalars;
		this.bounds = bounds;
	}

	byte[] bytes() {
		return this.bytes;
	}

	/**
	 * The value, or the element at {@code index}, already read;
	 * {@link ScalarValues#COMPLEX} when it was not.
	 */
	Object scalar(int index) {
		return (this.scalars != null) ? this.scalars[index] : ScalarValues.COMPLEX;
	}

	/**
	 * Where the element at {@code index} starts, when it is an object or an array whose
	 * bounds the decoder kept; {@code -1} otherwise. It ends at {@link #end(int)}.
	 */
	int start(int index) {
		return (this.bounds != null && this.bounds[2 * index + 1] != 0) ? this.bounds[2 * index] : -1;
	}

	int end(int index) {
		return this.bounds[2 * index + 1];
	}

	boolean hasScalars() {
		return this.scalars != null;
	}

	/**
	 * Returns the number of elements of a JSON array.
	 * @return the element count, {@code 0} for a value that is not an array
	 */
	public int size() {
		return Math.max(this.elements, 0);
	}

	/**
	 * Tells whether the value is a JSON array.
	 * @return {@code true} for an array
	 */
	public boolean isArray() {
		return this.elements >= 0;
	}

	/**
	 * Tells whether the value is the JSON {@code null}.
	 * @return {@code true} for {@code null}
	 */
	public boolean isNull() {
		return this.bytes.length == 4 && this.bytes[0] == 'n';
	}

	/**
	 * Returns the value's size on the wire.
	 * @return its length in bytes
	 */
	public int length() {
		return this.bytes.length;
	}

	/**
	 * Returns the value's JSON text, at most {@code maxChars} long, cut with {@code ...},
	 * for messages.
	 * @param maxChars the longest text returned, at least 4
	 * @return the text
	 */
	public String abbreviate(int maxChars) {
		return abbreviate(this.bytes, 0, this.bytes.length, maxChars);
	}

	static String abbreviate(byte[] bytes, int offset, int length, int maxChars) {
		// a char takes at most four UTF-8 bytes, so that many bytes are enough to decide
		int read = Math.min(length, 4 * maxChars);
		String text = new String(bytes, offset, read, StandardCharsets.UTF_8);
		if (read == length && text.length() <= maxChars) {
			return text;
		}
		return text.substring(0, Math.min(text.length(), maxChars - 3)) + "...";
	}

	/**
	 * Returns the value's JSON text as sent.
	 * @return the text
	 */
	@Override
	public String toString() {
		return new String(this.bytes, StandardCharsets.UTF_8);
	}

}
