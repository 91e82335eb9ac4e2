package dev.socketipc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the source packages of a module that lack a {@code package-info.java} opening
 * with a Javadoc sentence, for each module's package documentation test (ipc-core's, and
 * the auto-configuration's through ipc-core's test-jar).
 */
public final class PackageInfos {

	/**
	 * A Javadoc comment whose first line of text is a sentence, ended by a period, before
	 * the package clause.
	 */
	private static final Pattern DOCUMENTED = Pattern
		.compile("(?s)^/\\*\\*\\s*\\*\\s*\\S.*?\\.\\s.*?\\*/\\s*package\\s");

	private PackageInfos() {
	}

	/**
	 * Lists the packages under a source root holding Java files but no documented
	 * {@code package-info.java}.
	 * @param sourceRoot a source root such as {@code src/main/java}
	 * @return the directories of those packages, relative to the root; empty when every
	 * package is documented
	 * @throws IllegalArgumentException when the root holds no Java file, so that a wrong
	 * path cannot pass
	 */
	public static List<String> undocumentedPackages(Path sourceRoot) {
		List<Path> packages = packageDirectories(sourceRoot);
		if (packages.isEmpty()) {
			throw new IllegalArgumentException("No Java source under " + sourceRoot.toAbsolutePath());
		}
		return packages.stream()
			.filter((directory) -> !documented(directory.resolve("package-info.java")))
			.map((directory) -> sourceRoot.relativize(directory).toString())
			.sorted()
			.toList();
	}

	private static List<Path> packageDirectories(Path sourceRoot) {
		try (Stream<Path> files = Files.walk(sourceRoot)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".java"))
				.map(Path::getParent)
				.distinct()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list " + sourceRoot.toAbsolutePath(), ex);
		}
	}

	private static boolean documented(Path packageInfo) {
		try {
			return Files.isRegularFile(packageInfo) && DOCUMENTED.matcher(Files.readString(packageInfo)).find();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + packageInfo, ex);
		}
	}

}
