package dev.socketipc.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The machine line of the report: CPU, memory, JVM, Node.js and operating system. */
final class Machine {

	private Machine() {
	}

	static String describe(String node) {
		String cpu = "unknown CPU";
		long memKb = 0;
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((l) -> l.startsWith("model name"))
				.map((l) -> l.substring(l.indexOf(':') + 1).trim())
				.findFirst()
				.orElse(cpu);
			memKb = Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter((l) -> l.startsWith("MemTotal:"))
				.map((l) -> Long.parseLong(l.replaceAll("[^0-9]", "")))
				.findFirst()
				.orElse(0L);
		}
		catch (IOException ex) {
			// leave unknown
		}
		String nodeVersion = "absent";
		if (node != null) {
			try {
				nodeVersion = Commands.runToEnd(List.of(node, "--version"), Duration.ofSeconds(10)).trim();
			}
			catch (RuntimeException ex) {
				nodeVersion = "?";
			}
		}
		return String.format(Locale.ROOT, "%d CPUs (%s), %.1f GiB RAM, %s %s (%s), Node.js %s, %s %s",
				Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024.0 / 1024.0,
				System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
				System.getProperty("java.vendor"), nodeVersion, System.getProperty("os.name"),
				System.getProperty("os.version"));
	}

}
