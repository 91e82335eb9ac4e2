package dev.socketipc.protocol;

import java.util.Objects;

/**
 * A numeric {@code rid} kept as the exact text it was sent as, so that it is echoed digit
 * for digit: {@code -0}, {@code 1e3}, {@code 1.50} or an integer beyond {@code long}. A
 * {@code rid} that a {@code long} writes back unchanged is decoded as a {@link Long}
 * instead.
 *
 * @param text the number's JSON text, as sent
 */
public record RawNumber(String text) {

	/**
	 * Validates the text.
	 * @param text the number's JSON text
	 */
	public RawNumber {
		Objects.requireNonNull(text, "text");
	}

	@Override
	public String toString() {
		return this.text;
	}

}
