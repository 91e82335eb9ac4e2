package dev.socketipc.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One way of starting a server in the startup cell: an optional preparation run once (the
 * fast-start recipe's training) and the command started for each measured run.
 *
 * @param name as the report shows it
 * @param description what it does, for the report
 * @param prepare run to its end once before the measured runs; empty for none
 * @param start the command of one measured run, without its socket address
 * @param addressArgument how the socket path is passed: a format with one {@code %s}
 * appended to {@link #start}
 * @param jvm whether it is a JVM (its log has a "Started … in" line)
 */
record StartupVariant(String name, String description, List<String> prepare, List<String> start, String addressArgument,
		boolean jvm) {

	/** The command of one measured run, listening on {@code socket}. */
	List<String> command(Path socket) {
		List<String> command = new ArrayList<>(this.start);
		command.add(String.format(this.addressArgument, socket));
		return command;
	}

}
