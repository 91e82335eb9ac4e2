package dev.socketipc.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The payload cell's data, generated from a fixed seed so that every run and every peer
 * moves the same bytes: one {@link Catalog.Item} of about 400 bytes of JSON and
 * {@value #DOCUMENTS} {@link Catalog.Document}s of about 100 KB each.
 *
 * <p>
 * The values are chosen so that Jackson and Node's {@code JSON.stringify} write
 * byte-identical JSON: ASCII text with nothing to escape, doubles with an exact short
 * form (quarters), timestamps with milliseconds (Jackson writes {@code Instant} as
 * ISO-8601 text, which Node keeps as the string it parsed), fields in declaration order.
 */
final class PayloadData {

	/** How many documents are stored in each server. */
	static final int DOCUMENTS = 4;

	/** Sections per document; with ~400-character bodies, about 100 KB of JSON. */
	static final int SECTIONS = 200;

	/** The seed of the generated text. */
	private static final long SEED = 14;

	private static final String[] WORDS = { "socket", "line", "record", "answer", "request", "server", "client",
			"buffer", "thread", "queue", "latency", "payload", "catalog", "document", "section", "version", "stream",
			"event", "the", "a", "of", "to", "and", "in", "with", "every", "each", "one", "two", "three", "fast",
			"small", "large", "json", "bytes", "order", "update", "store", "read", "write", "parse", "check" };

	/** The item {@code save} is called with; it answers it unchanged. */
	static final Catalog.Item ITEM = item();

	/** The documents put into each server before {@code get} is measured. */
	static final List<Catalog.Document> DOCUMENTS_STORED = documents();

	private PayloadData() {
	}

	/** The JSON of a value as every Java peer writes it (Jackson 3, defaults). */
	static byte[] json(Object value) {
		return GrpcAdd.MAPPER.writeValueAsBytes(value);
	}

	private static Catalog.Item item() {
		Random random = new Random(SEED);
		return new Catalog.Item("item-0042", "SKU-48213-XL", "Adjustable standing desk, oak top",
				sentence(random, 26) + ".", 64_999, 4.25, 137, true, List.of("furniture", "office", "oak", "desk"),
				Instant.parse("2026-11-30T12:34:56.789Z"));
	}

	private static List<Catalog.Document> documents() {
		Random random = new Random(SEED + 1);
		List<Catalog.Document> documents = new ArrayList<>();
		for (int d = 1; d <= DOCUMENTS; d++) {
			List<Catalog.Section> sections = new ArrayList<>();
			for (int s = 1; s <= SECTIONS; s++) {
				List<String> refs = new ArrayList<>();
				for (int r = random.nextInt(3); r > 0; r--) {
					refs.add(documentId(1 + random.nextInt(DOCUMENTS)));
				}
				sections.add(new Catalog.Section("Section " + s + ": " + sentence(random, 4), paragraph(random, 400), s,
						List.copyOf(refs)));
			}
			documents.add(new Catalog.Document(documentId(d), "Operations manual, part " + d, d,
					Instant.parse("2026-11-0" + d + "T08:15:30.125Z"), List.of("manual", "part-" + d, "ops"),
					List.copyOf(sections)));
		}
		return List.copyOf(documents);
	}

	static String documentId(int number) {
		return "doc-" + number;
	}

	private static String sentence(Random random, int words) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < words; i++) {
			if (i > 0) {
				text.append(' ');
			}
			text.append(WORDS[random.nextInt(WORDS.length)]);
		}
		return text.toString();
	}

	/** Sentences of 8 to 15 words up to about {@code length} characters. */
	private static String paragraph(Random random, int length) {
		StringBuilder text = new StringBuilder();
		while (text.length() < length) {
			if (text.length() > 0) {
				text.append(' ');
			}
			String sentence = sentence(random, 8 + random.nextInt(8));
			text.append(Character.toUpperCase(sentence.charAt(0))).append(sentence, 1, sentence.length()).append('.');
		}
		return text.toString();
	}

}
