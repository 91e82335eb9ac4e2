package dev.socketipc.autoconfigure.loadbalancer;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spring-web trap of Spring Cloud LoadBalancer 5.0.x, for real: in a JVM whose
 * classpath is this module's test classpath without spring-web and spring-webmvc, an
 * {@code lb://} address fails at startup naming the property and
 * {@code org.springframework:spring-web}, before anything meets the
 * {@code NoClassDefFoundError} every instance choice would otherwise throw (shown by
 * asking Spring Cloud for a load balancer in the same classpath).
 */
@Timeout(180)
class SpringWebMissingTest {

	@Test
	void balancedAddressWithoutSpringWebFailsAtStartupNamingThePropertyAndTheArtifact() throws Exception {
		String printed = runWithoutSpringWeb("lb");

		assertThat(printed).doesNotContain("STARTED")
			.contains("APPLICATION FAILED TO START")
			.contains("ipc.client.servers.calc.address")
			.contains("needs org.springframework:spring-web on the classpath: Spring Cloud LoadBalancer 5.0.x "
					+ "declares a bean of org.springframework.web.accept.ApiVersionParser")
			.doesNotContain("java.lang.NoClassDefFoundError");
	}

	@Test
	void withoutTheCheckEveryChoiceWouldMeetTheNoClassDefFoundError() throws Exception {
		String printed = runWithoutSpringWeb("trap");

		assertThat(printed).contains("STARTED")
			.contains("TRAP: java.lang.NoClassDefFoundError: org/springframework/web/accept/ApiVersionParser")
			.doesNotContain("CHOSE A LOAD BALANCER");
	}

	private static String runWithoutSpringWeb(String mode) throws IOException, InterruptedException {
		List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
		List<String> kept = entries.stream()
			.filter((entry) -> !entry.contains("/org/springframework/spring-web/")
					&& !entry.contains("/org/springframework/spring-webmvc/"))
			.toList();
		assertThat(entries.size() - kept.size()).as("spring-web and spring-webmvc left out of %s", entries)
			.isEqualTo(2);
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xmx256m", "-cp",
				kept.stream().collect(Collectors.joining(File.pathSeparator)), SpringWebMissingMain.class.getName(),
				mode)
			.redirectErrorStream(true)
			.start();
		try {
			String printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child exited; it printed:%n%s", printed).isTrue();
			return printed;
		}
		finally {
			child.destroyForcibly();
		}
	}

}
