package dev.socketipc.sample.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands the documentation tells users to type run the jars that can run: every
 * {@code java -jar} names a sample's {@code -exec} jar, as the plain jar has no main
 * manifest attribute.
 */
class DocumentedCommandsTest {

	private static final Pattern JAVA_JAR = Pattern.compile("java -jar (\\S+\\.jar)");

	@ParameterizedTest
	@ValueSource(strings = { "README.md", "interop/README.md" })
	void everyJavaJarCommandNamesARunnableJar(String document) throws IOException {
		String text = Files.readString(Path.of("..").resolve(document));
		Matcher matcher = JAVA_JAR.matcher(text);
		List<String> jars = matcher.results().map((result) -> result.group(1)).toList();

		assertThat(jars).as("java -jar commands in " + document)
			.isNotEmpty()
			.allSatisfy((jar) -> assertThat(jar)
				.matches("sample-(server|client)/target/sample-(server|client)-[^/]*-exec\\.jar"));
	}

}
