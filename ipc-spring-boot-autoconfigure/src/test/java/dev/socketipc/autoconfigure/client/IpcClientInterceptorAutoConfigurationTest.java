package dev.socketipc.autoconfigure.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;
import dev.socketipc.autoconfigure.client.scanned.CalcClient;
import dev.socketipc.autoconfigure.client.scanned.ScannedClientsPackage;
import dev.socketipc.client.IpcClientCall;
import dev.socketipc.client.IpcClientInterceptor;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link IpcClientInterceptor} beans run around every call of the auto-configured
 * {@code @IpcClient} proxies, in {@code @Order} order, limited to the servers they name,
 * over a Unix socket and TCP.
 */
@Timeout(60)
class IpcClientInterceptorAutoConfigurationTest {

	private static final List<String> events = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpcClientAutoConfiguration.class))
		.withUserConfiguration(ScannedClientsPackage.class)
		.withPropertyValues("ipc.client.timeout=10s");

	private Path directory;

	private IpcServer server;

	@BeforeEach
	void clearEvents() throws IOException {
		events.clear();
		this.directory = Files.createTempDirectory(Path.of("/tmp"), "ipc");
	}

	@AfterEach
	void stopServer() throws IOException {
		if (this.server != null) {
			this.server.stop();
		}
		try (Stream<Path> paths = Files.walk(this.directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	private String startServer(String transport) {
		IpcAddress address = transport.equals("unix") ? new IpcAddress.Unix(this.directory.resolve("calc.sock"))
				: new IpcAddress.Tcp("127.0.0.1", 0);
		this.server = IpcServer.builder()
			.address(address)
			.service(ServiceDefinition.of("", new Adder()))
			.shutdownTimeout(Duration.ZERO)
			.build();
		this.server.start();
		return "ipc.client.servers.calc.address=" + this.server.address();
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void interceptorBeansRunInOrderAndOnlyForTheServersTheyName(String transport) {
		this.runner.withUserConfiguration(Interceptors.class)
			.withPropertyValues(startServer(transport))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(CalcClient.class).add(1, 2, 3)).isEqualTo(6);
				assertThat(events).containsExactly("first calc add [1, 2, 3]", "calc-only calc add", "second calc add",
						"second got 6", "first got 6");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void interceptorBeanThatThrowsFailsTheCallWithItsException(String transport) {
		this.runner.withUserConfiguration(Refusing.class).withPropertyValues(startServer(transport)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThatThrownBy(() -> context.getBean(CalcClient.class).add(1, 2))
				.isExactlyInstanceOf(IllegalStateException.class)
				.hasMessage("refused add");
		});
	}

	public static class Adder {

		public int add(int... numbers) {
			int sum = 0;
			for (int number : numbers) {
				sum += number;
			}
			return sum;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Interceptors {

		@Bean
		@Order(3)
		IpcClientInterceptor second() {
			return (call, next) -> {
				events.add("second " + call.server() + " " + call.method());
				return next.proceed(call).thenApply((result) -> {
					events.add("second got " + result);
					return result;
				});
			};
		}

		@Bean
		@Order(1)
		IpcClientInterceptor first() {
			return (call, next) -> {
				events.add("first " + call.server() + " " + call.method() + " " + call.arguments());
				return next.proceed(call).thenApply((result) -> {
					events.add("first got " + result);
					return result;
				});
			};
		}

		@Bean
		@Order(2)
		IpcClientInterceptor calcOnly() {
			return new Limited("calc-only", Set.of("calc"));
		}

		@Bean
		@Order(0)
		IpcClientInterceptor otherOnly() {
			return new Limited("other-only", Set.of("other"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Refusing {

		@Bean
		IpcClientInterceptor refusing() {
			return (call, next) -> {
				throw new IllegalStateException("refused " + call.method());
			};
		}

	}

	/** Records the calls it sees, limited to some servers. */
	record Limited(String name, Set<String> servers) implements IpcClientInterceptor {

		@Override
		public CompletionStage<Object> intercept(IpcClientCall call, Chain next) {
			events.add(this.name + " " + call.server() + " " + call.method());
			return next.proceed(call);
		}

	}

}
