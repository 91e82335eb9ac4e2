package dev.socketipc.autoconfigure.client;

import java.io.IOException;
import java.nio.file.Path;

import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;
import dev.socketipc.autoconfigure.IpcListener;
import dev.socketipc.autoconfigure.client.scanned.ScannedClientsPackage;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A misspelt {@code ipc.client.servers.<name>.method-timeouts} key fails startup naming
 * the property; a {@code servers.<name>} entry no {@code @IpcClient} names is a warning
 * naming it. The clients of the scanned package are {@code CalcClient} and
 * {@code CalcAdmin}, both of server {@code calc}.
 */
@ExtendWith(OutputCaptureExtension.class)
class IpcClientPropertiesCheckTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpcClientAutoConfiguration.class))
		.withUserConfiguration(ScannedClientsPackage.class)
		.withPropertyValues("ipc.client.lazy=true");

	private Path directory;

	private String calcAddress;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		this.calcAddress = "ipc.client.servers.calc.address=unix:" + this.directory.resolve("calc.sock");
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		SocketPaths.deleteRecursively(this.directory);
	}

	@Test
	void methodTimeoutKeyNoMethodAnswersToFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues(this.calcAddress, "ipc.client.servers.calc.method-timeouts.hnag=250ms")
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property ipc.client.servers.calc.method-timeouts.hnag with value 'PT0.25S' is "
						+ "invalid: no method of [")
				.hasMessageContaining("is named 'hnag'; method timeouts are keyed by Java method name or wire name: [")
				.hasMessageContaining("hang"));
	}

	@Test
	void methodTimeoutsKeyedByMethodsOfAnyClientOfTheServerStart() {
		this.runner
			.withPropertyValues(this.calcAddress, "ipc.client.servers.calc.method-timeouts.hang=250ms",
					"ipc.client.servers.calc.method-timeouts.echo=1s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void serverEntryNoIpcClientNamesIsAWarningNamingIt(CapturedOutput output) {
		this.runner.withPropertyValues(this.calcAddress, "ipc.client.servers.clac.timeout=1s")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("ipc.client.servers.clac is configured but no @IpcClient names the server 'clac'; "
				+ "@IpcClient interfaces name [calc]");
		assertThat(output).doesNotContain("ipc.client.servers.calc is configured");
	}

	@Test
	void serverEntryOnlyListenersOrApplicationEventsUseIsNoWarning(CapturedOutput output) {
		String feed = "ipc.client.servers.feed.address=unix:" + this.directory.resolve("feed.sock");
		String news = "ipc.client.servers.news.address=unix:" + this.directory.resolve("news.sock");
		this.runner.withBean(FeedListener.class)
			.withPropertyValues(this.calcAddress, feed, news, "ipc.client.servers.news.application-events=true",
					"ipc.client.servers.unused.timeout=1s")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("ipc.client.servers.unused is configured")
			.doesNotContain("ipc.client.servers.feed is configured")
			.doesNotContain("ipc.client.servers.news is configured");
	}

	static class FeedListener {

		@IpcListener(client = "feed", topic = "ticks")
		void on(String tick) {
		}

	}

}
