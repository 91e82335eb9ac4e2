package dev.socketipc.sample.server;

import java.time.Instant;

/**
 * One tick of the {@code clock} topic, written as {@code {"seq":1,"time":"..."}}.
 *
 * @param seq the tick's number for its subscriber, from 1
 * @param time when it ticked
 */
public record Tick(long seq, Instant time) {
}
