package dev.socketipc.protocol;

import java.util.Arrays;

/**
 * Reads the common answer line without a Jackson parser: one object whose keys are
 * {@code success}, {@code rid}, {@code data}, {@code error} and {@code code}, each at
 * most once, {@code success} a boolean, {@code error} and {@code code} strings, its
 * strings free of escapes, {@code rid} a string or an integer that a {@code long} writes
 * back unchanged. A client reads one per call, and creating a parser per line costs more
 * than the rest of the answer's decoding together.
 *
 * <p>
 * Like {@link RequestScanner}, it accepts only lines that are standard JSON and that
 * {@link MessageReader} reads as a {@link WireMessage.Answer}, and reads them to the same
 * message; anything else (other keys, escapes, a duplicate key at any depth, a number it
 * does not read the way Jackson does, deep nesting, malformed JSON) makes it return
 * {@code null}, and the line is left to the parser. The line must already have passed
 * {@link StrictUtf8}.
 */
final class AnswerScanner {

	private static final Object FALLBACK = JsonScanner.FALLBACK;

	private static final int SUCCESS = 1;

	private static final int RID = 1 << 1;

	private static final int DATA = 1 << 2;

	private static final int ERROR = 1 << 3;

	private static final int CODE = 1 << 4;

	private AnswerScanner() {
	}

	/**
	 * Reads an answer line that is strict UTF-8.
	 * @return the answer, or {@code null} when the line is left to the parser
	 */
	static WireMessage.Answer scan(byte[] bytes, int offset, int length) {
		if (!startsWithSuccess(bytes, offset, length)) {
			return null;
		}
		return answer(new JsonScanner(bytes, offset, length));
	}

	/**
	 * Whether the line starts as answers are written, with {@code {"success"}: other
	 * lines (requests, register, events, items) are left at once, without a scanner.
	 */
	private static boolean startsWithSuccess(byte[] bytes, int offset, int length) {
		return length > 11 && bytes[offset] == '{' && bytes[offset + 1] == '"' && bytes[offset + 2] == 's'
				&& bytes[offset + 3] == 'u';
	}

	private static WireMessage.Answer answer(JsonScanner in) {
		in.skipSpace();
		if (!in.take('{')) {
			return null;
		}
		int seen = 0;
		Object rid = null;
		Boolean success = null;
		RawJson data = null;
		String error = null;
		String code = null;
		do {
			in.skipSpace();
			int key = key(in);
			if (key == 0 || (seen & key) != 0 || !in.colon()) {
				return null;
			}
			seen |= key;
			switch (key) {
				case SUCCESS -> {
					success = in.literal("true") ? Boolean.TRUE : in.literal("false") ? Boolean.FALSE : null;
					if (success == null) {
						return null;
					}
				}
				case RID -> {
					rid = in.rid();
					if (rid == FALLBACK) {
						return null;
					}
				}
				case DATA -> {
					data = data(in);
					if (data == null) {
						return null;
					}
				}
				case ERROR -> {
					error = in.plainString();
					if (error == null) {
						return null;
					}
				}
				default -> {
					code = in.plainString();
					if (code == null) {
						return null;
					}
				}
			}
			in.skipSpace();
		}
		while (in.take(','));
		if (!in.take('}')) {
			return null;
		}
		in.skipSpace();
		if (!in.atEnd() || success == null) {
			return null;
		}
		return new WireMessage.Answer(rid, success, data, error, code);
	}

	/** Reads an envelope key and its closing quote: one of the key bits, else 0. */
	private static int key(JsonScanner in) {
		int start = in.plainStringStart();
		if (start < 0) {
			return 0;
		}
		int length = in.position() - 1 - start;
		if (length == 7 && in.is(start, "success")) {
			return SUCCESS;
		}
		if (length == 3 && in.is(start, "rid")) {
			return RID;
		}
		if (length == 4 && in.is(start, "data")) {
			return DATA;
		}
		if (length == 5 && in.is(start, "error")) {
			return ERROR;
		}
		if (length == 4 && in.is(start, "code")) {
			return CODE;
		}
		return 0;
	}

	/**
	 * Reads {@code data} as {@link MessageReader} keeps it: its bytes, and the scalar of
	 * a scalar value or the element count and scalars of an array.
	 * @return the value, {@code null} to fall back
	 */
	private static RawJson data(JsonScanner in) {
		int start = in.position();
		if (in.at('[')) {
			return array(in, start);
		}
		Object value = in.value(1, true);
		if (value == FALLBACK) {
			return null;
		}
		Object[] scalars = (in.byteAt(start) == '{') ? null : new Object[] { value };
		return new RawJson(in.copyFrom(start), -1, scalars);
	}

	/**
	 * Reads an array, keeping its element count and the scalars of its first
	 * {@value RawJson#MAX_SCALARS} elements.
	 */
	private static RawJson array(JsonScanner in, int start) {
		in.take('[');
		in.skipSpace();
		int elements = 0;
		Object[] scalars = new Object[8];
		if (!in.take(']')) {
			do {
				in.skipSpace();
				if (scalars != null && elements == scalars.length) {
					scalars = (elements < RawJson.MAX_SCALARS) ? Arrays.copyOf(scalars, elements * 2) : null;
				}
				Object value = in.value(2, scalars != null);
				if (value == FALLBACK) {
					return null;
				}
				if (scalars != null) {
					scalars[elements] = value;
				}
				elements++;
				in.skipSpace();
			}
			while (in.take(','));
			if (!in.take(']')) {
				return null;
			}
		}
		return new RawJson(in.copyFrom(start), elements, scalars);
	}

}
