package dev.socketipc.protocol;

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
 * Jackson does, nesting beyond {@value JsonScanner#MAX_DEPTH} levels, an invalid request,
 * malformed JSON) it returns {@code null} and the line is left to the parser, so the
 * message or the error is the parser's either way. The line must already have passed
 * {@link StrictUtf8}: without escapes, two strings are then equal exactly when their
 * bytes are, which is how keys are compared. This class reads the envelope; the values
 * inside it are read and checked by a {@link JsonScanner}.
 */
final class RequestScanner {

	private static final Object FALLBACK = JsonScanner.FALLBACK;

	private static final int RID = 1;

	private static final int METHOD = 1 << 1;

	private static final int ARGS = 1 << 2;

	private static final int META = 1 << 3;

	private RequestScanner() {
	}

	/**
	 * Reads a request line that is strict UTF-8.
	 * @param names where the method's name is looked up before a string is made of it
	 * @return the request, or {@code null} when the line is left to the parser
	 */
	static WireMessage.Request scan(byte[] bytes, int offset, int length, MethodNames names) {
		return request(new JsonScanner(bytes, offset, length), names);
	}

	private static WireMessage.Request request(JsonScanner in, MethodNames names) {
		in.skipSpace();
		if (!in.take('{')) {
			return null;
		}
		int seen = 0;
		Object rid = null;
		String method = null;
		RawJson args = null;
		Map<String, String> meta = Map.of();
		do {
			in.skipSpace();
			int key = key(in);
			if (key == 0 || (seen & key) != 0 || !in.colon()) {
				return null;
			}
			seen |= key;
			switch (key) {
				case RID -> rid = in.rid();
				case METHOD -> method = method(in, names);
				case ARGS -> {
					if (in.at('[')) {
						args = args(in);
						if (args == null) {
							return null;
						}
					}
					else if (!in.literal("null")) {
						return null;
					}
				}
				default -> meta = meta(in);
			}
			if (rid == FALLBACK || (key == METHOD && method == null) || meta == null) {
				return null;
			}
			in.skipSpace();
		}
		while (in.take(','));
		if (!in.take('}')) {
			return null;
		}
		in.skipSpace();
		if (!in.atEnd() || method == null) {
			return null;
		}
		return new WireMessage.Request(rid, method, args, meta);
	}

	/** Reads an envelope key and its closing quote: one of the key bits, else 0. */
	private static int key(JsonScanner in) {
		int start = in.plainStringStart();
		if (start < 0) {
			return 0;
		}
		int length = in.position() - 1 - start;
		if (length == 3 && in.is(start, "rid")) {
			return RID;
		}
		if (length == 6 && in.is(start, "method")) {
			return METHOD;
		}
		if (length == 4 && in.is(start, "args")) {
			return ARGS;
		}
		if (length == 4 && in.is(start, "meta")) {
			return META;
		}
		return 0;
	}

	private static String method(JsonScanner in, MethodNames names) {
		int start = in.plainStringStart();
		if (start < 0) {
			return null;
		}
		return names.name(in.bytes(), start, in.position() - 1 - start);
	}

	/**
	 * Reads {@code args}, keeping its bytes, element count and the scalars of its first
	 * {@value RawJson#MAX_SCALARS} elements as {@link MessageReader} does.
	 */
	private static RawJson args(JsonScanner in) {
		int start = in.position();
		in.take('[');
		in.skipSpace();
		int elements = 0;
		Object[] scalars = new Object[8];
		int[] bounds = null;
		if (!in.take(']')) {
			do {
				in.skipSpace();
				if (scalars != null && elements == scalars.length) {
					scalars = (elements < RawJson.MAX_SCALARS) ? Arrays.copyOf(scalars, elements * 2) : null;
					bounds = (scalars != null && bounds != null) ? Arrays.copyOf(bounds, 2 * scalars.length) : null;
				}
				int elementStart = in.position();
				boolean structure = in.at('{') || in.at('[');
				Object value = in.value(2, scalars != null);
				if (value == FALLBACK) {
					return null;
				}
				if (scalars != null) {
					scalars[elements] = value;
					if (structure) {
						// where it is, so that it is bound without a parser to find it
						if (bounds == null) {
							bounds = new int[2 * scalars.length];
						}
						bounds[2 * elements] = elementStart - start;
						bounds[2 * elements + 1] = in.position() - start;
					}
				}
				elements++;
				in.skipSpace();
			}
			while (in.take(','));
			if (!in.take(']')) {
				return null;
			}
		}
		return new RawJson(in.copyFrom(start), elements, scalars, bounds);
	}

	/**
	 * Reads {@code meta}: string keys to string values within {@link RequestMeta}'s
	 * limits; anything else, a duplicate key included, is left to the parser.
	 * @return the entries in the order sent, {@code null} to fall back
	 */
	private static Map<String, String> meta(JsonScanner in) {
		if (!in.take('{')) {
			return null;
		}
		Map<String, String> entries = new LinkedHashMap<>();
		int size = 0;
		in.skipSpace();
		if (!in.take('}')) {
			do {
				in.skipSpace();
				int nameStart = in.position();
				String name = in.plainString();
				int nameEnd = in.position();
				if (name == null || !in.colon()) {
					return null;
				}
				int valueStart = in.position();
				String text = in.plainString();
				if (text == null || entries.put(name, text) != null) {
					return null;
				}
				// without escapes, a string's UTF-8 length is its length on the wire
				size += (nameEnd - nameStart - 2) + (in.position() - valueStart - 2);
				in.skipSpace();
			}
			while (in.take(','));
			if (!in.take('}')) {
				return null;
			}
		}
		if (entries.size() > RequestMeta.MAX_ENTRIES || size > RequestMeta.MAX_BYTES) {
			return null;
		}
		return Collections.unmodifiableMap(entries);
	}

}
