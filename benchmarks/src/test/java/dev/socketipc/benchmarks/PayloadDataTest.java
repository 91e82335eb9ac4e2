package dev.socketipc.benchmarks;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payload cell's data: the sizes the issue asks for, the same on every run, and JSON
 * that Node's {@code JSON.stringify} writes alike (timestamps as text, nothing escaped).
 */
class PayloadDataTest {

	@Test
	void theItemIsAboutFourHundredBytesWithItsTimestampAsText() {
		String json = new String(PayloadData.json(PayloadData.ITEM), StandardCharsets.UTF_8);

		assertThat(json.length()).isBetween(350, 450);
		assertThat(json).startsWith("{\"id\":\"item-0042\",\"sku\":")
			.contains("\"rating\":4.25,", "\"updatedAt\":\"2026-11-30T12:34:56.789Z\"}")
			.doesNotContain("\\");
	}

	@Test
	void eachDocumentIsAboutOneHundredKilobytes() {
		assertThat(PayloadData.DOCUMENTS_STORED).hasSize(PayloadData.DOCUMENTS).allSatisfy((document) -> {
			byte[] json = PayloadData.json(document);
			assertThat(json.length).isBetween(90_000, 115_000);
			assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("\\")
				.contains("\"createdAt\":\"2026-11-0");
		});
	}

	@Test
	void theAnswerExpectedOfSaveIsTheRequestArgument() {
		PayloadWire save = PayloadWire.save();
		byte[] item = PayloadData.json(PayloadData.ITEM);

		assertThat(save.requestBytes()).isGreaterThan(item.length);
		assertThat(save.bytesPerCall()).isBetween(2.0 * item.length, 2.0 * item.length + 120);
	}

}
