package dev.socketipc.sample.server.catalog;

import java.time.Instant;
import java.util.List;

/**
 * A catalog item: a record of about ten fields (text, numbers, a list, a timestamp), as
 * real services move them. On the wire it is a JSON object with these fields in this
 * order, {@code updatedAt} as ISO-8601 text.
 *
 * @param id the item's key in the catalog
 * @param sku the stock-keeping unit
 * @param name a short name
 * @param description a sentence or two
 * @param priceCents the price in cents
 * @param rating the average rating, 0 to 5
 * @param quantity units in stock
 * @param active whether it is on sale
 * @param tags free-form labels
 * @param updatedAt when it last changed
 */
public record Item(String id, String sku, String name, String description, long priceCents, double rating, int quantity,
		boolean active, List<String> tags, Instant updatedAt) {
}
