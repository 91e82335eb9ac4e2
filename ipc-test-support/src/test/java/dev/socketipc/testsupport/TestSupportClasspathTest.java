package dev.socketipc.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The helpers depend on nothing of this project and nothing of Spring, so that every
 * module's tests, the core's included, can use them without a dependency cycle.
 */
class TestSupportClasspathTest {

	@Test
	void noClassOfTheProjectOutsideThisModuleIsOnTheClasspath() {
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("dev.socketipc.transport.IpcAddress"));
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("dev.socketipc.server.IpcServer"));
	}

	@Test
	void noSpringIsOnTheClasspath() {
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("org.springframework.core.SpringVersion"));
	}

	@Test
	void noJacksonIsOnTheClasspath() {
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("tools.jackson.databind.ObjectMapper"));
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("com.fasterxml.jackson.databind.ObjectMapper"));
	}

}
