package dev.socketipc.autoconfigure.client;

import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;
import dev.socketipc.autoconfigure.client.scanned.ScannedClientsPackage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value the client library refuses fails startup naming its {@code ipc.client.*}
 * property, as {@code ipc.server.*} values do, whether or not an {@code @IpcClient} uses
 * it.
 */
class IpcClientPropertyValuesTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpcClientAutoConfiguration.class))
		.withUserConfiguration(ScannedClientsPackage.class)
		.withPropertyValues("ipc.client.lazy=true", "ipc.client.servers.calc.address=unix:/tmp/ipc-values-test.sock");

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			ipc.client.timeout                              | -1s    | timeout must be positive, got -1s
			ipc.client.timeout                              | 0s     | timeout must be positive, got 0s
			ipc.client.connect-timeout                      | -5s    | connect-timeout must be positive, got -5s
			ipc.client.heartbeat-interval                   | -1s    | heartbeat-interval must not be negative, got -1s
			ipc.client.spin-wait                            | 2ms    | spin-wait must be between 0 (no spin) and 1ms
			ipc.client.spin-wait                            | -1us   | spin-wait must be between 0 (no spin) and 1ms
			ipc.client.max-line-length                      | 10B    | max-line-length must be at least 64 bytes, got 10
			ipc.client.max-line-length                      | 4GB    | must be at most 2147483647 bytes, got 4294967296
			ipc.client.reconnect.initial-backoff            | -1ms   | reconnect backoff needs 0 <= initial <= max
			ipc.client.reconnect.max-backoff                | 10ms   | reconnect backoff needs 0 <= initial <= max
			ipc.client.reconnect.multiplier                 | 0.5    | reconnect multiplier must be at least 1, got 0.5
			ipc.client.reconnect.jitter                     | 1.5    | reconnect jitter must be between 0 and 1, got 1.5
			ipc.client.servers.calc.timeout                 | -2s    | timeout must be positive, got -2s
			ipc.client.servers.calc.method-timeouts.add     | -250ms | timeout must be positive, got -250ms
			ipc.client.servers.calc.method-timeouts.add     | 0ms    | timeout must be positive, got 0s
			ipc.client.servers.unused.address               | ftp:x  |
			ipc.client.servers.tcp.address                  | tcp://localhost:1 |
			""")
	void refusedValueFailsStartupNamingTheProperty(String property, String value, String reason) {
		String[] extra = property.equals("ipc.client.servers.tcp.address")
				? new String[] { property + "=" + value, "ipc.client.servers.tcp.allowed-server-uids=0" }
				: new String[] { property + "=" + value };
		String failing = property.equals("ipc.client.servers.tcp.address")
				? "ipc.client.servers.tcp.allowed-server-uids" : property;
		this.runner.withPropertyValues(extra).run((context) -> {
			assertThat(context).hasFailed();
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
			assertThat(cause).isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageStartingWith("Property " + failing + " with value '");
			if (reason != null) {
				assertThat(cause).hasMessageContaining(reason);
			}
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			ipc.client.heartbeat-interval       | 0s
			ipc.client.spin-wait                | 0s
			ipc.client.spin-wait                | 1ms
			ipc.client.reconnect.initial-backoff | 0ms
			ipc.client.reconnect.jitter         | 0
			ipc.client.reconnect.multiplier     | 1
			ipc.client.max-line-length          | 64B
			""")
	void boundaryValuesStart(String property, String value) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> assertThat(context).hasNotFailed());
	}

}
