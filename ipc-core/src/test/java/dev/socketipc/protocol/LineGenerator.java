package dev.socketipc.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Draws request-like lines for {@link RequestScannerTest}. A third are clean: well-formed
 * requests of every shape (rid, method, args and meta values of each kind, keys in any
 * order, whitespace). In the others some draws (2, 5 or 30 percent of them) take from
 * everything a line may hold, so that most are a little wrong: escapes, unicode, control
 * characters, odd numbers, other or duplicate keys, deep nesting, a cut, an inserted or
 * removed byte, invalid UTF-8.
 */
final class LineGenerator {

	private static final String[] INTEGERS = { "0", "-0", "1", "-1", "7", "42", "-42", "2147483647", "2147483648",
			"-2147483649", "999999999999999999", "-999999999999999999", "1000000000000000000", "9223372036854775807",
			"9223372036854775808", "-9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
			"01", "-01", "00", "-", "+1", "1a", "0x1" };

	private static final String[] CLEAN_INTEGERS = { "0", "1", "-1", "7", "42", "-42", "2147483648",
			"999999999999999999", "-999999999999999999" };

	private static final String[] DECIMALS = { "1.5", "-1.5", "0.1", "3.10", "1e3", "1E3", "1e+3", "1E-3", "-1.5e10",
			"0.0", "-0.0", "0e-400", "1e-400", "1e400", "-1e400", "2.2250738585072014E-308", "4.9E-324",
			"1.7976931348623157E308", "1.7976931348623159E308", "0.30000000000000004", "1.", ".5", "1e", "1e+", "1.e3",
			"NaN", "Infinity", "-Infinity", "1.5.5", "1e5e5" };

	private static final String[] CLEAN_DECIMALS = { "1.5", "-1.5", "0.1", "3.10", "1e3", "1E-3", "-1.5e10", "0.0",
			"1e400", "4.9E-324" };

	private static final String[] STRINGS = { "", "add", "calc.add", "a b", "x=1", "\u00e9", "\u65e5\u672c",
			"\ud83d\ude00", "a\u007fb", "\\\"", "a\\nb", "\\u0041", "\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\x", "\\",
			"a\tb", "a\u0001b", "\u2028", "{", "}", "[", "]", ",", ":", "\\\\", "\\/", "\\b\\f\\r\\t" };

	private static final String[] CLEAN_STRINGS = { "", "add", "calc.add", "a b", "x=1", "\u00e9", "\u65e5\u672c",
			"\ud83d\ude00", "a\u007fb", "{", "]", "," };

	private static final String[] NAMES = { "rid", "method", "args", "meta", "rid", "method", "args", "action",
			"success", "data", "error", "code", "methods", "protocol", "features", "x", "", "ri\\u0064", "RID",
			"method ", "\u00e9" };

	private static final String[] SPACES = { "", "", "", "", "", " ", " ", "  ", "\t", "\r", "\n", "\r\n", "\u000b",
			"\f", "\u00a0" };

	private static final String[] CLEAN_SPACES = { "", "", "", "", "", " ", "\t", "\r\n" };

	private final SplittableRandom random;

	/** Whether this line draws only what a well-formed request may hold. */
	private final boolean clean;

	/** How often, in percent, a draw of a line that is not clean may be wrong. */
	private final int hostility;

	LineGenerator(SplittableRandom random) {
		this.random = random;
		this.clean = random.nextInt(3) == 0;
		this.hostility = new int[] { 2, 5, 30 }[random.nextInt(3)];
	}

	byte[] line() {
		List<String> members = new ArrayList<>();
		if (chance(90)) {
			members.add(member("rid", rid()));
		}
		if (chance(93)) {
			members.add(member("method", method()));
		}
		if (chance(85)) {
			members.add(member("args", args()));
		}
		if (chance(20)) {
			members.add(member("meta", meta()));
		}
		if (!this.clean && chance(8)) {
			members.add(member(pick(NAMES), value(2)));
		}
		if (!this.clean && chance(6) && !members.isEmpty()) {
			members.add(members.get(this.random.nextInt(members.size())));
		}
		if (chance(50)) {
			Collections.shuffle(members, new Random(this.random.nextLong()));
		}
		String line = space() + "{" + space() + join(members) + space() + "}" + space();
		if (!this.clean && chance(3)) {
			line = line + pick(new String[] { "1", "{}", "x", " null", "]" });
		}
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		return (!this.clean && chance(10)) ? damage(bytes) : bytes;
	}

	private String join(List<String> members) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < members.size(); i++) {
			if (i > 0) {
				text.append(space()).append(',').append(space());
			}
			text.append(members.get(i));
		}
		return text.toString();
	}

	private String member(String name, String value) {
		return "\"" + name + "\"" + space() + ":" + space() + value;
	}

	private String rid() {
		int kind = this.random.nextInt(10);
		if (kind < 5) {
			return pick(wild() ? INTEGERS : CLEAN_INTEGERS);
		}
		if (kind < 6) {
			return Long.toString(this.random.nextLong());
		}
		if (kind < 8) {
			return string();
		}
		if (kind < 9) {
			return wild() ? pick(DECIMALS) : pick(CLEAN_INTEGERS);
		}
		return wild() ? value(2) : pick(CLEAN_INTEGERS);
	}

	private String method() {
		return (!wild() || chance(85)) ? string() : value(2);
	}

	private String args() {
		int kind = this.random.nextInt(12);
		if (kind == 0) {
			return "null";
		}
		if (kind == 1 && wild()) {
			return value(2);
		}
		if (kind == 2) {
			// around the scanner's depth limit: args is at depth 2
			int depth = JsonScanner.MAX_DEPTH - 4 + this.random.nextInt(8);
			return "[".repeat(depth - 1) + value(depth) + "]".repeat(depth - 1);
		}
		return array(2, this.random.nextInt(20));
	}

	private String meta() {
		if (wild() && chance(10)) {
			return value(2);
		}
		int entries = chance(10) ? 15 + this.random.nextInt(4) : this.random.nextInt(4);
		List<String> members = new ArrayList<>();
		for (int i = 0; i < entries; i++) {
			String name = (wild() && chance(10)) ? pick(STRINGS)
					: "k" + (wild() ? this.random.nextInt(entries + 1) : i);
			String value = chance(5) ? "v".repeat(1000 + this.random.nextInt(2000)) : strings();
			members.add(member(name, (wild() && chance(10)) ? value(3) : "\"" + value + "\""));
		}
		return "{" + join(members) + "}";
	}

	private String value(int depth) {
		int kind = this.random.nextInt(12);
		return switch (kind) {
			case 0, 1 -> pick(wild() ? INTEGERS : CLEAN_INTEGERS);
			case 2 -> Long.toString(this.random.nextLong(-1000, 1000));
			case 3 -> pick(wild() ? DECIMALS : CLEAN_DECIMALS);
			case 4 -> Double.toString(this.random.nextDouble(-1e6, 1e6));
			case 5, 6 -> string();
			case 7 -> !wild() ? pick(new String[] { "true", "false", "null" })
					: pick(new String[] { "true", "false", "null", "tru", "nul", "falsey", "True" });
			case 8, 9 -> (depth < 6) ? array(depth + 1, this.random.nextInt(5)) : "[]";
			default -> (depth < 6) ? object(depth + 1) : "{}";
		};
	}

	private String array(int depth, int size) {
		List<String> elements = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			elements.add(value(depth));
		}
		if (wild() && chance(2)) {
			elements.add("");
		}
		return "[" + join(elements) + "]";
	}

	private String object(int depth) {
		int size = (depth < 5 && chance(5)) ? JsonScanner.MAX_KEYS - 2 + this.random.nextInt(5)
				: this.random.nextInt(5);
		List<String> members = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			String name = (wild() && chance(10)) ? pick(STRINGS)
					: "k" + (wild() ? this.random.nextInt(size * 3 + 1) : i);
			members.add(member(name, value(depth)));
		}
		return "{" + join(members) + "}";
	}

	private String string() {
		if (chance(60)) {
			return "\"" + strings() + "\"";
		}
		StringBuilder text = new StringBuilder("\"");
		int length = this.random.nextInt(12);
		for (int i = 0; i < length; i++) {
			text.append(strings());
		}
		return text.append((!wild() || chance(97)) ? "\"" : "").toString();
	}

	private String strings() {
		return pick(wild() ? STRINGS : CLEAN_STRINGS);
	}

	private byte[] damage(byte[] bytes) {
		if (bytes.length == 0) {
			return bytes;
		}
		int at = this.random.nextInt(bytes.length);
		byte[] damaged;
		switch (this.random.nextInt(5)) {
			case 0 -> damaged = Arrays.copyOf(bytes, at);
			case 1 -> {
				damaged = new byte[bytes.length - 1];
				System.arraycopy(bytes, 0, damaged, 0, at);
				System.arraycopy(bytes, at + 1, damaged, at, bytes.length - at - 1);
			}
			case 2 -> {
				damaged = new byte[bytes.length + 1];
				System.arraycopy(bytes, 0, damaged, 0, at);
				damaged[at] = (byte) pick(new int[] { '"', '\\', ',', ':', '{', '}', '[', ']', '0', '-', ' ', 0x80,
						0xC1, 0xED, 0xF5, 0 });
				System.arraycopy(bytes, at, damaged, at + 1, bytes.length - at);
			}
			default -> {
				damaged = bytes.clone();
				damaged[at] = (byte) this.random.nextInt(256);
			}
		}
		return damaged;
	}

	/** Whether this draw may be anything, wrong included. */
	private boolean wild() {
		return !this.clean && chance(this.hostility);
	}

	private boolean chance(int percent) {
		return this.random.nextInt(100) < percent;
	}

	private String space() {
		return pick(wild() ? SPACES : CLEAN_SPACES);
	}

	private String pick(String[] options) {
		return options[this.random.nextInt(options.length)];
	}

	private int pick(int[] options) {
		return options[this.random.nextInt(options.length)];
	}

}
