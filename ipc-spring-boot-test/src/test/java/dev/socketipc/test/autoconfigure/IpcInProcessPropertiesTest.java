package dev.socketipc.test.autoconfigure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ipc.test.in-process.peer-uid} and {@code peer-gid} are bound as numbers: a bad
 * or negative value fails the context naming the property.
 */
class IpcInProcessPropertiesTest {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IpcInProcessTransportAutoConfiguration.class))
		.withPropertyValues("ipc.test.in-process.enabled=true");

	@ParameterizedTest
	@ValueSource(strings = { "ipc.test.in-process.peer-uid=abc", "ipc.test.in-process.peer-uid=-5",
			"ipc.test.in-process.peer-gid=1.5", "ipc.test.in-process.peer-gid=-1" })
	void badPeerIdFailsNamingTheProperty(String property) {
		String name = property.substring(0, property.indexOf('='));
		String value = property.substring(property.indexOf('=') + 1);
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining(name).hasStackTraceContaining(value);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "ipc.test.in-process.peer-uid=4242", "ipc.test.in-process.peer-gid=0" })
	void peerIdIsBound(String property) {
		this.contextRunner.withPropertyValues(property)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(InProcessTransport.class));
	}

}
