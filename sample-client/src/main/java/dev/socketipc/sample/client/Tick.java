package dev.socketipc.sample.client;

import java.time.Instant;

/**
 * One tick of the server's {@code clock} topic, read from {@code {"seq":1,"time":"..."}}.
 *
 * @param seq the tick's number for this subscriber, from 1
 * @param time when the server ticked
 */
public record Tick(long seq, Instant time) {
}
