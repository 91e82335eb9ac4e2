package dev.socketipc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that ipc-core's compile and runtime dependencies, as Maven resolves them
 * transitively, hold no Spring artifact. The build writes them to the file named by
 * {@value #PROPERTY} (maven-dependency-plugin's {@code list} goal with
 * {@code includeScope=runtime}, in ipc-core's pom), so that a Spring artifact added to
 * the core's pom, or brought in by one of its dependencies, fails this test.
 */
class CoreDependenciesTest {

	static final String PROPERTY = "ipc.core.runtime-dependencies";

	/**
	 * A resolved artifact as the list goal prints it:
	 * {@code group:artifact:type[:classifier]:version:scope}.
	 */
	private static final Pattern ARTIFACT = Pattern
		.compile("^\\s*([\\w.-]+):([\\w.-]+):[\\w.-]+(?::[\\w.-]+)?:[\\w.-]+:(compile|runtime|provided|system)\\b.*$");

	@Test
	void compileAndRuntimeDependenciesHoldNoSpringArtifact() throws IOException {
		List<String> artifacts = runtimeArtifacts();
		assertThat(artifacts).as("ipc-core's resolved dependencies")
			.contains("tools.jackson.core:jackson-databind", "io.netty:netty-handler", "org.slf4j:slf4j-api");
		assertThat(artifacts).as("Spring artifacts among ipc-core's compile and runtime dependencies")
			.noneMatch(CoreDependenciesTest::isSpring);
	}

	@Test
	void parsesAndRecognisesASpringArtifactLine() {
		assertThat(artifact("   org.springframework:spring-core:jar:7.0.8:compile -- module spring.core"))
			.isEqualTo("org.springframework:spring-core")
			.matches(CoreDependenciesTest::isSpring);
		assertThat(artifact("   org.springframework.boot:spring-boot:jar:4.0.7:runtime"))
			.matches(CoreDependenciesTest::isSpring);
		assertThat(artifact("   io.netty:netty-handler:jar:4.2.15.Final:compile -- module io.netty.handler"))
			.isEqualTo("io.netty:netty-handler");
		assertThat(artifact("The following files have been resolved:")).isNull();
	}

	private static List<String> runtimeArtifacts() throws IOException {
		String file = System.getProperty(PROPERTY);
		assertThat(file).as("system property " + PROPERTY + ", set by ipc-core's pom for surefire").isNotBlank();
		Path path = Path.of(file);
		assertThat(path).as("the dependency list written by maven-dependency-plugin:list before the tests")
			.isRegularFile();
		return Files.readAllLines(path).stream().map(CoreDependenciesTest::artifact).filter((a) -> a != null).toList();
	}

	/**
	 * Returns {@code group:artifact} of a resolved-artifact line, or {@code null} for any
	 * other line.
	 */
	private static String artifact(String line) {
		Matcher matcher = ARTIFACT.matcher(line);
		return matcher.matches() ? matcher.group(1) + ":" + matcher.group(2) : null;
	}

	private static boolean isSpring(String artifact) {
		return artifact.startsWith("org.springframework:") || artifact.startsWith("org.springframework.");
	}

}
