package dev.socketipc.autoconfigure;

import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.server.ErrorDetails;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.LineClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ipc.server.error-details} chooses what a caller reads of an unexpected
 * exception; by default, not its message.
 */
class IpcServerErrorDetailsTest {

	private static final String HIDDEN = "{\"success\":false,\"rid\":1,"
			+ "\"error\":\"method 'lookup' failed; the server logged the cause\",\"code\":\"SERVICE_ERROR\"}";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IpcServerAutoConfiguration.class, JacksonAutoConfiguration.class))
		.withUserConfiguration(LeakyServiceConfiguration.class)
		.withPropertyValues("ipc.server.address=tcp://127.0.0.1:0");

	@Test
	void unexpectedExceptionMessagesStayOnTheServerByDefault() {
		this.contextRunner.run((context) -> assertThat(call(context.getBean(IpcServer.class))).isEqualTo(HIDDEN));
	}

	@Test
	void messageSendsEveryExceptionMessageAsTheSeedDoes() {
		this.contextRunner.withPropertyValues("ipc.server.error-details=message")
			.run((context) -> assertThat(call(context.getBean(IpcServer.class))).isEqualTo("{\"success\":false,"
					+ "\"rid\":1,\"error\":\"no row in internal_accounts for id 7\",\"code\":\"SERVICE_ERROR\"}"));
	}

	@Test
	void unknownValueFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("ipc.server.error-details=verbose")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'ipc.server.error-details'"));
	}

	@Test
	void defaultIsTheLibraryDefault() {
		assertThat(new IpcServerProperties().getErrorDetails()).isEqualTo(IpcServerBuilder.DEFAULT_ERROR_DETAILS)
			.isEqualTo(ErrorDetails.EXPECTED);
	}

	private static String call(IpcServer server) throws Exception {
		try (LineClient client = LineClient.connect(server.address().socketAddress())) {
			client.readLine();
			client.send("{\"rid\":1,\"method\":\"lookup\",\"args\":[7]}");
			return client.readLine();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class LeakyServiceConfiguration {

		@Bean
		Accounts accounts() {
			return new Accounts();
		}

	}

	@IpcService
	static class Accounts {

		public String lookup(int id) {
			throw new IllegalStateException("no row in internal_accounts for id " + id);
		}

	}

}
