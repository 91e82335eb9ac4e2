package dev.socketipc.sample.server.catalog;

import java.time.Instant;
import java.util.List;

/**
 * A document of the catalog: a title and its sections, tens to hundreds of kilobytes of
 * JSON.
 *
 * @param id the document's key in the catalog
 * @param title its title
 * @param version its version, from 1
 * @param createdAt when it was written
 * @param tags free-form labels
 * @param sections its sections, in order
 */
public record Document(String id, String title, int version, Instant createdAt, List<String> tags,
		List<Section> sections) {
}
