package dev.socketipc.testsupport;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes plain values (strings, numbers, booleans, nulls, lists, arrays, maps) as JSON
 * text, escaped as Jackson escapes by default: short escapes for quote, backslash,
 * newline, return, tab, backspace and form feed, a six-character hexadecimal escape for
 * other control characters, everything else as is. Request lines built here are therefore
 * the bytes the tests sent when they built them with Jackson. Stateless.
 */
final class JsonText {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private JsonText() {
	}

	static void append(StringBuilder out, Object value) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof String text) {
			appendString(out, text);
		}
		else if (value instanceof Number || value instanceof Boolean) {
			out.append(value);
		}
		else if (value instanceof Object[] array) {
			appendList(out, Arrays.asList(array));
		}
		else if (value instanceof List<?> list) {
			appendList(out, list);
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				out.append(first ? "" : ",");
				appendString(out, String.valueOf(entry.getKey()));
				out.append(':');
				append(out, entry.getValue());
				first = false;
			}
			out.append('}');
		}
		else {
			throw new IllegalArgumentException("no JSON form for a " + value.getClass().getName() + ": " + value);
		}
	}

	private static void appendList(StringBuilder out, List<?> values) {
		out.append('[');
		for (int i = 0; i < values.size(); i++) {
			out.append((i > 0) ? "," : "");
			append(out, values.get(i));
		}
		out.append(']');
	}

	private static void appendString(StringBuilder out, String text) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c < 0x20) {
						out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
