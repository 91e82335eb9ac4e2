package dev.socketipc.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over one strict UTF-8 line that reads JSON tokens and checks that a value is
 * well-formed the way Jackson reads it, for {@link RequestScanner}: strings without
 * escapes, numbers as {@link ScalarValues#preRead} reads them, arrays and objects nested
 * at most {@value #MAX_DEPTH} levels, objects without duplicate keys. Whatever it does
 * not read that way it answers with {@link #FALLBACK}, leaving the line to the parser.
 * Not thread-safe: one scanner per line.
 */
final class JsonScanner {

	/** The deepest nesting read, the envelope counting as 1. */
	static final int MAX_DEPTH = 32;

	/** The longest number read, in bytes. */
	static final int MAX_NUMBER_LENGTH = 64;

	/** The most keys an object nested in {@code args} may have to be read here. */
	static final int MAX_KEYS = 32;

	/** Returned by a value read when the line is left to the parser. */
	static final Object FALLBACK = new Object();

	private final byte[] bytes;

	private final int end;

	private int pos;

	/**
	 * The keys of the nested objects being read, two ints (start, length) per key, the
	 * innermost object's last; allocated for the first object.
	 */
	private int[] keys;

	private int keyCount;

	/**
	 * Creates a scanner over a line.
	 * @param bytes the buffer holding the line
	 * @param offset where the line starts
	 * @param length the line's length in bytes
	 */
	JsonScanner(byte[] bytes, int offset, int length) {
		this.bytes = bytes;
		this.pos = offset;
		this.end = offset + length;
	}

	/** The buffer holding the line. */
	byte[] bytes() {
		return this.bytes;
	}

	/** The byte at an index of the buffer; the caller checks the room. */
	byte byteAt(int index) {
		return this.bytes[index];
	}

	/** Where the next byte is read. */
	int position() {
		return this.pos;
	}

	/** Whether the whole line has been read. */
	boolean atEnd() {
		return this.pos == this.end;
	}

	/** A copy of the bytes read since {@code start}. */
	byte[] copyFrom(int start) {
		return Arrays.copyOfRange(this.bytes, start, this.pos);
	}

	/**
	 * Reads a string without escapes from its opening quote to just past its closing one.
	 * @return where its content starts, {@code -1} when it has an escape or is not one
	 */
	int plainStringStart() {
		if (!take('"')) {
			return -1;
		}
		int start = this.pos;
		int close = stringEnd(start);
		if (close < 0) {
			return -1;
		}
		this.pos = close + 1;
		return start;
	}

	/** Reads a colon with the whitespace around it. */
	boolean colon() {
		skipSpace();
		boolean colon = take(':');
		skipSpace();
		return colon;
	}

	/**
	 * Reads any value, checking it is well-formed.
	 * @param depth the value's nesting depth if it is a structure
	 * @param keep whether to return a scalar as {@link ScalarValues#preRead} reads it
	 * @return the scalar, {@link ScalarValues#COMPLEX}, or {@link #FALLBACK}
	 */
	Object value(int depth, boolean keep) {
		if (this.pos >= this.end) {
			return FALLBACK;
		}
		switch (this.bytes[this.pos]) {
			case '"' -> {
				if (keep) {
					String text = plainString();
					return (text != null) ? text : FALLBACK;
				}
				int close = stringEnd(this.pos + 1);
				if (close < 0) {
					return FALLBACK;
				}
				this.pos = close + 1;
				return ScalarValues.COMPLEX;
			}
			case '[' -> {
				return array(depth + 1);
			}
			case '{' -> {
				return object(depth + 1);
			}
			case 't' -> {
				return literal("true") ? Boolean.TRUE : FALLBACK;
			}
			case 'f' -> {
				return literal("false") ? Boolean.FALSE : FALLBACK;
			}
			case 'n' -> {
				return literal("null") ? ScalarValues.JSON_NULL : FALLBACK;
			}
			default -> {
				return number(keep);
			}
		}
	}

	private Object array(int depth) {
		if (depth > MAX_DEPTH) {
			return FALLBACK;
		}
		this.pos++;
		skipSpace();
		if (take(']')) {
			return ScalarValues.COMPLEX;
		}
		do {
			skipSpace();
			if (value(depth, false) == FALLBACK) {
				return FALLBACK;
			}
			skipSpace();
		}
		while (take(','));
		return take(']') ? ScalarValues.COMPLEX : FALLBACK;
	}

	/**
	 * Reads an object, checking its keys for duplicates pairwise (they have no escapes,
	 * so equal keys have equal bytes).
	 */
	private Object object(int depth) {
		if (depth > MAX_DEPTH) {
			return FALLBACK;
		}
		this.pos++;
		skipSpace();
		if (take('}')) {
			return ScalarValues.COMPLEX;
		}
		int first = this.keyCount;
		do {
			skipSpace();
			if (!take('"')) {
				return FALLBACK;
			}
			int start = this.pos;
			int close = stringEnd(start);
			if (close < 0 || this.keyCount - first == MAX_KEYS || isKeyOf(first, start, close - start)) {
				return FALLBACK;
			}
			pushKey(start, close - start);
			this.pos = close + 1;
			if (!colon() || value(depth, false) == FALLBACK) {
				return FALLBACK;
			}
			skipSpace();
		}
		while (take(','));
		this.keyCount = first;
		return take('}') ? ScalarValues.COMPLEX : FALLBACK;
	}

	private boolean isKeyOf(int first, int start, int length) {
		for (int k = first; k < this.keyCount; k++) {
			if (this.keys[2 * k + 1] == length && Arrays.equals(this.bytes, this.keys[2 * k], this.keys[2 * k] + length,
					this.bytes, start, start + length)) {
				return true;
			}
		}
		return false;
	}

	private void pushKey(int start, int length) {
		if (this.keys == null) {
			this.keys = new int[2 * MAX_KEYS];
		}
		else if (2 * this.keyCount == this.keys.length) {
			this.keys = Arrays.copyOf(this.keys, 2 * this.keys.length);
		}
		this.keys[2 * this.keyCount] = start;
		this.keys[2 * this.keyCount + 1] = length;
		this.keyCount++;
	}

	/**
	 * Reads a number: a {@code Long} for an integer of at most 18 digits, a
	 * {@code Double} for a finite non-zero decimal, else {@link ScalarValues#COMPLEX}, as
	 * {@link ScalarValues#preRead} does; longer integers and numbers are left to the
	 * parser.
	 */
	private Object number(boolean keep) {
		int start = this.pos;
		if (!integer()) {
			return FALLBACK;
		}
		int integerEnd = this.pos;
		boolean decimal = false;
		if (take('.')) {
			decimal = true;
			if (!digits()) {
				return FALLBACK;
			}
		}
		if (take('e') || take('E')) {
			decimal = true;
			if (!take('+')) {
				take('-');
			}
			if (!digits()) {
				return FALLBACK;
			}
		}
		int length = this.pos - start;
		if (!decimal) {
			int digits = (this.bytes[start] == '-') ? length - 1 : length;
			return (digits > 18) ? FALLBACK : keep ? longValue(start, integerEnd) : ScalarValues.COMPLEX;
		}
		if (length > MAX_NUMBER_LENGTH) {
			return FALLBACK;
		}
		if (!keep) {
			return ScalarValues.COMPLEX;
		}
		double value = Double.parseDouble(new String(this.bytes, start, length, StandardCharsets.ISO_8859_1));
		return (value != 0.0 && !Double.isInfinite(value)) ? (Object) value : ScalarValues.COMPLEX;
	}

	/** Reads {@code -?(0|[1-9][0-9]*)}, not followed by another digit. */
	boolean integer() {
		take('-');
		if (take('0')) {
			return !atDigit();
		}
		return atDigit() && digits();
	}

	/**
	 * A string rid, or an integer rid as a {@code Long} when a {@code long} writes it
	 * back unchanged ({@code -0} and long integers are left to the parser, which keeps
	 * them as text): the envelope's {@code rid} as {@link RequestScanner} and
	 * {@link AnswerScanner} read it; {@link #FALLBACK} otherwise.
	 */
	Object rid() {
		if (at('"')) {
			String text = plainString();
			return (text != null) ? text : FALLBACK;
		}
		int start = position();
		if (!integer()) {
			return FALLBACK;
		}
		int length = position() - start;
		int digits = (byteAt(start) == '-') ? length - 1 : length;
		if (digits > 18 || at('.') || at('e') || at('E') || (length == 2 && byteAt(start + 1) == '0')) {
			return FALLBACK;
		}
		return longValue(start, position());
	}

	/** Reads one or more digits. */
	private boolean digits() {
		if (!atDigit()) {
			return false;
		}
		do {
			this.pos++;
		}
		while (atDigit());
		return true;
	}

	private boolean atDigit() {
		return this.pos < this.end && this.bytes[this.pos] >= '0' && this.bytes[this.pos] <= '9';
	}

	Long longValue(int start, int end) {
		boolean negative = this.bytes[start] == '-';
		long value = 0;
		for (int i = negative ? start + 1 : start; i < end; i++) {
			value = value * 10 + (this.bytes[i] - '0');
		}
		return negative ? -value : value;
	}

	/**
	 * Reads a string without escapes from its opening quote, {@code null} if it has any.
	 */
	String plainString() {
		int start = plainStringStart();
		return (start < 0) ? null : new String(this.bytes, start, this.pos - 1 - start, StandardCharsets.UTF_8);
	}

	/**
	 * Where the string whose content starts at {@code from} ends (its closing quote), or
	 * {@code -1} when it has an escape or a control character or is not closed.
	 */
	private int stringEnd(int from) {
		for (int i = from; i < this.end; i++) {
			byte b = this.bytes[i];
			if (b == '"') {
				return i;
			}
			if (b == '\\' || (b >= 0 && b < 0x20)) {
				return -1;
			}
		}
		return -1;
	}

	boolean literal(String word) {
		if (this.end - this.pos < word.length() || !is(this.pos, word)) {
			return false;
		}
		this.pos += word.length();
		return true;
	}

	/** Whether the ASCII {@code word} is at {@code start}; the caller checks the room. */
	boolean is(int start, String word) {
		for (int i = 0; i < word.length(); i++) {
			if (this.bytes[start + i] != word.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	boolean at(char c) {
		return this.pos < this.end && this.bytes[this.pos] == c;
	}

	boolean take(char c) {
		if (at(c)) {
			this.pos++;
			return true;
		}
		return false;
	}

	/** Skips JSON whitespace: space, tab, line feed and carriage return. */
	void skipSpace() {
		while (this.pos < this.end) {
			byte b = this.bytes[this.pos];
			if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
				return;
			}
			this.pos++;
		}
	}

}
