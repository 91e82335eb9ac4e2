package dev.socketipc.sample.server.catalog;

import java.util.List;

/**
 * One section of a {@link Document}.
 *
 * @param heading its heading
 * @param body its text
 * @param order its position in the document, from 1
 * @param refs ids of the documents it refers to
 */
public record Section(String heading, String body, int order, List<String> refs) {
}
