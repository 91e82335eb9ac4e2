package dev.socketipc.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the common request line without a Jackson parser: one object whose keys are
 * {@code rid}, {@code method}, {@code args} and {@code meta}, each at most once, its
 * strings free of escapes, {@code rid} a string or an integer that a {@code long} writes
 * back unchanged. Creating a parser per line costs more than the rest of a call's
 * decoding together.
 *
 * <p>
 * It accepts only lines that are standard JSON and that {@link MessageReader} reads as a
 * {@link WireMessage.Request}, and reads them to the same message; for anything else
 * (escapes, other keys, a duplicate key at any depth, a number it does not read the way
 * Jackson does, nesting beyond {@value #MAX_DEPTH} levels, an invalid request, malformed
 * JSON) it returns {@code null} and the line is left to the parser, so the message or the
 * error is the parser's either way. The line must already have passed {@link StrictUtf8}:
 * without escapes, two strings are then equal exactly when their bytes are, which is how
 * keys are compared. Not thread-safe: one scanner per line.
 */
final class RequestScanner {

	/** The deepest nesting read, the envelope counting as 1. */
	static final int MAX_DEPTH = 32;

	/** The longest number read, in bytes. */
	static final int MAX_NUMBER_LENGTH = 64;

	/** The most keys an object nested in {@code args} may have to be read here. */
	static final int MAX_KEYS = 32;

	/** Returned by a value reader when the line is left to the parser. */
	private static final Object FALLBACK = new Object();

	private static final int RID = 1;

	private static final int METHOD = 1 << 1;

	private static final int ARGS = 1 << 2;

	private static final int META = 1 << 3;

	private final byte[] bytes;

	private final int end;

	private final MethodNames names;

	private int pos;

	/**
	 * The keys of the nested objects being read, two ints (start, length) per key, the
	 * innermost object's last; allocated for the first object.
	 */
	private int[] keys;

	private int keyCount;

	private RequestScanner(byte[] bytes, int offset, int length, MethodNames names) {
		this.bytes = bytes;
		this.pos = offset;
		this.end = offset + length;
		this.names = names;
	}

	/**
	 * Reads a request line that is strict UTF-8.
	 * @param names where the method's name is looked up before a string is made of it
	 * @return the request, or {@code null} when the line is left to the parser
	 */
	static WireMessage.Request scan(byte[] bytes, int offset, int length, MethodNames names) {
		return new RequestScanner(bytes, offset, length, names).request();
	}

	private WireMessage.Request request() {
		skipSpace();
		if (!take('{')) {
			return null;
		}
		int seen = 0;
		Object rid = null;
		String method = null;
		RawJson args = null;
		Map<String, String> meta = Map.of();
		do {
			skipSpace();
			int key = key();
			if (key == 0 || (seen & key) != 0 || !colon()) {
				return null;
			}
			seen |= key;
			switch (key) {
				case RID -> rid = rid();
				case METHOD -> method = method();
				case ARGS -> {
					if (at('[')) {
						args = args();
						if (args == null) {
							return null;
						}
					}
					else if (!literal("null")) {
						return null;
					}
				}
				default -> meta = meta();
			}
			if (rid == FALLBACK || (key == METHOD && method == null) || meta == null) {
				return null;
			}
			skipSpace();
		}
		while (take(','));
		if (!take('}')) {
			return null;
		}
		skipSpace();
		if (this.pos != this.end || method == null) {
			return null;
		}
		return new WireMessage.Request(rid, method, args, meta);
	}

	/** Reads an envelope key and its closing quote: one of the key bits, else 0. */
	private int key() {
		if (!take('"')) {
			return 0;
		}
		int start = this.pos;
		int close = stringEnd(start);
		if (close < 0) {
			return 0;
		}
		this.pos = close + 1;
		int length = close - start;
		if (length == 3 && is(start, "rid")) {
			return RID;
		}
		if (length == 6 && is(start, "method")) {
			return METHOD;
		}
		if (length == 4 && is(start, "args")) {
			return ARGS;
		}
		if (length == 4 && is(start, "meta")) {
			return META;
		}
		return 0;
	}

	private boolean colon() {
		skipSpace();
		boolean colon = take(':');
		skipSpace();
		return colon;
	}

	/**
	 * A string rid, or an integer rid as a {@code Long} when a {@code long} writes it
	 * back unchanged ({@code -0} and long integers are left to the parser, which keeps
	 * them as text).
	 */
	private Object rid() {
		if (at('"')) {
			String text = plainString();
			return (text != null) ? text : FALLBACK;
		}
		int start = this.pos;
		if (!integer()) {
			return FALLBACK;
		}
		int length = this.pos - start;
		int digits = (this.bytes[start] == '-') ? length - 1 : length;
		if (digits > 18 || at('.') || at('e') || at('E') || (length == 2 && this.bytes[start + 1] == '0')) {
			return FALLBACK;
		}
		return longValue(start, this.pos);
	}

	private String method() {
		if (!take('"')) {
			return null;
		}
		int start = this.pos;
		int close = stringEnd(start);
		if (close < 0) {
			return null;
		}
		this.pos = close + 1;
		return this.names.name(this.bytes, start, close - start);
	}

	/**
	 * Reads {@code args}, keeping its bytes, element count and the scalars of its first
	 * {@value RawJson#MAX_SCALARS} elements as {@link MessageReader} does.
	 */
	private RawJson args() {
		int start = this.pos;
		this.pos++;
		skipSpace();
		int elements = 0;
		Object[] scalars = new Object[8];
		if (!take(']')) {
			do {
				skipSpace();
				if (scalars != null && elements == scalars.length) {
					scalars = (elements < RawJson.MAX_SCALARS) ? Arrays.copyOf(scalars, elements * 2) : null;
				}
				Object value = value(2, scalars != null);
				if (value == FALLBACK) {
					return null;
				}
				if (scalars != null) {
					scalars[elements] = value;
				}
				elements++;
				skipSpace();
			}
			while (take(','));
			if (!take(']')) {
				return null;
			}
		}
		return new RawJson(Arrays.copyOfRange(this.bytes, start, this.pos), elements, scalars);
	}

	/**
	 * Reads {@code meta}: string keys to string values within {@link RequestMeta}'s
	 * limits; anything else, a duplicate key included, is left to the parser.
	 * @return the entries in the order sent, {@code null} to fall back
	 */
	private Map<String, String> meta() {
		if (!take('{')) {
			return null;
		}
		Map<String, String> entries = new LinkedHashMap<>();
		int size = 0;
		skipSpace();
		if (!take('}')) {
			do {
				skipSpace();
				int nameStart = this.pos;
				String name = plainString();
				int nameEnd = this.pos;
				if (name == null || !colon()) {
					return null;
				}
				int valueStart = this.pos;
				String text = plainString();
				if (text == null || entries.put(name, text) != null) {
					return null;
				}
				// without escapes, a string's UTF-8 length is its length on the wire
				size += (nameEnd - nameStart - 2) + (this.pos - valueStart - 2);
				skipSpace();
			}
			while (take(','));
			if (!take('}')) {
				return null;
			}
		}
		if (entries.size() > RequestMeta.MAX_ENTRIES || size > RequestMeta.MAX_BYTES) {
			return null;
		}
		return Collections.unmodifiableMap(entries);
	}

	/**
	 * Reads any value, checking it is well-formed.
	 * @param depth the value's nesting depth if it is a structure
	 * @param keep whether to return a scalar as {@link ScalarValues#preRead} reads it
	 * @return the scalar, {@link ScalarValues#COMPLEX}, or {@link #FALLBACK}
	 */
	private Object value(int depth, boolean keep) {
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
	private boolean integer() {
		take('-');
		if (take('0')) {
			return !atDigit();
		}
		return atDigit() && digits();
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

	private Long longValue(int start, int end) {
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
	private String plainString() {
		if (!take('"')) {
			return null;
		}
		int start = this.pos;
		int close = stringEnd(start);
		if (close < 0) {
			return null;
		}
		this.pos = close + 1;
		return new String(this.bytes, start, close - start, StandardCharsets.UTF_8);
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

	private boolean literal(String word) {
		if (this.end - this.pos < word.length() || !is(this.pos, word)) {
			return false;
		}
		this.pos += word.length();
		return true;
	}

	/** Whether the ASCII {@code word} is at {@code start}; the caller checks the room. */
	private boolean is(int start, String word) {
		for (int i = 0; i < word.length(); i++) {
			if (this.bytes[start + i] != word.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private boolean at(char c) {
		return this.pos < this.end && this.bytes[this.pos] == c;
	}

	private boolean take(char c) {
		if (at(c)) {
			this.pos++;
			return true;
		}
		return false;
	}

	/** Skips JSON whitespace: space, tab, line feed and carriage return. */
	private void skipSpace() {
		while (this.pos < this.end) {
			byte b = this.bytes[this.pos];
			if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
				return;
			}
			this.pos++;
		}
	}

}
