package dev.socketipc.sample.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link SampleClientApplication#main} in a child JVM and waits for it to exit by
 * itself: nothing calls {@code System.exit}, so a thread that kept the JVM alive would
 * make it run for ever (the wait's bound only ends the test).
 */
record ChildJvm(int exitStatus, String output) {

	static ChildJvm run(Path directory, String... args) throws IOException, InterruptedException {
		Path log = Files.createTempFile(directory, "sample-client", ".out");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx128m", "-cp",
				System.getProperty("java.class.path"), SampleClientApplication.class.getName()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			boolean exited = process.waitFor(90, TimeUnit.SECONDS);
			String output = Files.readString(log, StandardCharsets.UTF_8);
			if (!exited) {
				throw new AssertionError("sample-client did not exit by itself; it printed:\n" + output);
			}
			return new ChildJvm(process.exitValue(), output);
		}
		finally {
			process.destroyForcibly();
		}
	}

}
