package dev.socketipc.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StrictUtf8} reads ASCII eight bytes at a time: a byte it must stop at is found
 * wherever it sits in a word, at a word's edge, in the short tail, or after a valid
 * multi-byte character.
 */
class StrictUtf8Test {

	@Test
	void nulIsFoundAtEveryPositionOfALine() {
		for (int length = 1; length <= 40; length++) {
			for (int at = 0; at < length; at++) {
				byte[] line = ascii(length);
				line[at] = 0;
				assertThat(StrictUtf8.problem(line, 0, length)).as("NUL at %d of %d", at, length)
					.startsWith("NUL byte at offset " + at + " ");
			}
		}
	}

	@Test
	void invalidByteIsFoundAtEveryPositionAndOffset() {
		for (int offset = 0; offset < 8; offset++) {
			for (int at = 0; at < 33; at++) {
				byte[] buffer = new byte[offset + 33 + 5];
				Arrays.fill(buffer, (byte) 'a');
				buffer[offset + at] = (byte) 0xC0; // always overlong
				assertThat(StrictUtf8.problem(buffer, offset, 33)).as("0xC0 at %d from %d", at, offset)
					.startsWith("invalid UTF-8 at offset " + at + " ");
			}
		}
	}

	@Test
	void validCharactersAnywhereAreAccepted() {
		for (String character : new String[] { "é", "→", "世", "😀", "\u007f" }) {
			for (int at = 0; at < 24; at++) {
				String line = "x".repeat(at) + character + "y".repeat(17);
				byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
				assertThat(StrictUtf8.problem(bytes, 0, bytes.length)).as("%s at %d", character, at).isNull();
			}
		}
	}

	@Test
	void aBadByteAfterAValidCharacterIsStillFound() {
		byte[] bytes = ("é" + "a".repeat(20) + "\u0000" + "b".repeat(9)).getBytes(StandardCharsets.UTF_8);
		assertThat(StrictUtf8.problem(bytes, 0, bytes.length)).startsWith("NUL byte at offset 22 ");
		byte[] truncated = ("→" + "a".repeat(20) + "→").getBytes(StandardCharsets.UTF_8);
		assertThat(StrictUtf8.problem(truncated, 0, truncated.length - 1)).startsWith("invalid UTF-8 at offset 23 ");
	}

	private static byte[] ascii(int length) {
		byte[] line = new byte[length];
		for (int i = 0; i < length; i++) {
			line[i] = (byte) ('!' + (i % 90));
		}
		return line;
	}

}
