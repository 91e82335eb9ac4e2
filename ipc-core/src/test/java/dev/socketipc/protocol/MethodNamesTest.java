package dev.socketipc.protocol;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MethodNames} hands back the string it made before for a short ASCII name, and
 * always the right name.
 */
class MethodNamesTest {

	private final MethodNames names = new MethodNames();

	@Test
	void nameSeenBeforeIsTheSameString() {
		String first = name("calc.add");

		assertThat(first).isEqualTo("calc.add");
		assertThat(name("calc.add")).isSameAs(first);
	}

	@Test
	void namesSharingASlotAreEachReadRight() {
		// more names than slots: every slot is shared and overwritten
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < 200; i++) {
				assertThat(name("m" + i)).isEqualTo("m" + i);
			}
		}
	}

	@Test
	void sameLengthNamesAreNotConfused() {
		assertThat(name("add")).isEqualTo("add");
		assertThat(name("adc")).isEqualTo("adc");
		assertThat(name("add")).isEqualTo("add");
	}

	@Test
	void longAndNonAsciiNamesAreMadeEachTime() {
		String accented = "\u00e9cho";
		String longName = "m".repeat(65);

		assertThat(name(accented)).isEqualTo(accented).isNotSameAs(name(accented));
		assertThat(name(longName)).isEqualTo(longName).isNotSameAs(name(longName));
	}

	private String name(String text) {
		byte[] bytes = ("xx" + text + "yy").getBytes(StandardCharsets.UTF_8);
		return this.names.name(bytes, 2, bytes.length - 4);
	}

}
