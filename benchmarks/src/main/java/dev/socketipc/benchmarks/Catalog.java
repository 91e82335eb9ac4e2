package dev.socketipc.benchmarks;

import java.time.Instant;
import java.util.List;

/**
 * The client's view of sample-server's catalog service (the payload cell): an
 * {@code @IpcClient}-style interface with its own copies of the records, as an
 * application that calls the service declares them.
 */
public interface Catalog {

	/** Stores an item; answers it unchanged. */
	Item save(Item item);

	/** Stores a document; answers its id. */
	String put(Document document);

	/** Answers the document stored under an id. */
	Document get(String id);

	/**
	 * A catalog item, about ten fields.
	 *
	 * @param id its key
	 * @param sku the stock-keeping unit
	 * @param name a short name
	 * @param description a sentence or two
	 * @param priceCents the price in cents
	 * @param rating the average rating
	 * @param quantity units in stock
	 * @param active whether it is on sale
	 * @param tags labels
	 * @param updatedAt when it last changed
	 */
	record Item(String id, String sku, String name, String description, long priceCents, double rating, int quantity,
			boolean active, List<String> tags, Instant updatedAt) {
	}

	/**
	 * A document of about 100 KB of JSON.
	 *
	 * @param id its key
	 * @param title its title
	 * @param version its version
	 * @param createdAt when it was written
	 * @param tags labels
	 * @param sections its sections
	 */
	record Document(String id, String title, int version, Instant createdAt, List<String> tags,
			List<Section> sections) {
	}

	/**
	 * One section of a document.
	 *
	 * @param heading its heading
	 * @param body its text
	 * @param order its position
	 * @param refs ids of the documents it refers to
	 */
	record Section(String heading, String body, int order, List<String> refs) {
	}

}
