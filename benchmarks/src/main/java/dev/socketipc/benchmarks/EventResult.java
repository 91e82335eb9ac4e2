package dev.socketipc.benchmarks;

/**
 * What one run of the events cell measured.
 *
 * @param subscribers S, the subscribed connections
 * @param published events the server published in the run (warm-up, window and after)
 * @param eventsPerSecond events received per second over the window, all subscribers
 * together
 * @param perSubscriber {@code eventsPerSecond / S}
 * @param slowest events per second of the subscriber that received the fewest
 * @param drops events published and not received, summed over the subscribers (gaps in
 * the sequence and the missing tail)
 * @param serverDrops events the server's statistics counted as dropped during the run
 */
record EventResult(int subscribers, long published, double eventsPerSecond, double perSubscriber, double slowest,
		long drops, long serverDrops) {

}
