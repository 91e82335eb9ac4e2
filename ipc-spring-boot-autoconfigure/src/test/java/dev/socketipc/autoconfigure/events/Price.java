package dev.socketipc.autoconfigure.events;

import java.math.BigDecimal;
import java.util.List;

/**
 * An event's payload: a record with a {@link BigDecimal}, whose scale must survive the
 * wire, and a list.
 *
 * @param symbol the symbol
 * @param amount the amount
 * @param tags the tags
 */
public record Price(String symbol, BigDecimal amount, List<String> tags) {

}
