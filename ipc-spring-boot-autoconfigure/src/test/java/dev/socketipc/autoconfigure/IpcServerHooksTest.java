package dev.socketipc.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.socketipc.server.IpcExceptionHandler;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.IpcServerInterceptor;
import dev.socketipc.server.IpcServiceException;
import dev.socketipc.testsupport.LineClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IpcServerInterceptor} and {@link IpcExceptionHandler} beans reach the
 * auto-configured server, interceptors in {@code @Order}, over Unix sockets and TCP.
 */
class IpcServerHooksTest {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IpcServerAutoConfiguration.class, JacksonAutoConfiguration.class))
		.withUserConfiguration(HooksConfiguration.class);

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void interceptorBeansRunInOrderAndExceptionHandlerBeansMapFailures(String transport) throws Exception {
		Path directory = Files.createTempDirectory(Path.of("/tmp"), "ipc");
		String address = transport.equals("unix") ? "unix:" + directory.resolve("hooks.sock") : "tcp://127.0.0.1:0";
		try {
			this.contextRunner.withPropertyValues("ipc.server.address=" + address).run((context) -> {
				assertThat(context).hasNotFailed();
				List<String> order = context.getBean(HooksConfiguration.class).order;
				try (LineClient client = LineClient
					.connect(context.getBean(IpcServer.class).address().socketAddress())) {
					client.readLine();
					client.send("{\"rid\":1,\"method\":\"find\",\"args\":[\"sku-9\"]}");
					assertThat(client.readLine()).isEqualTo(
							"{\"success\":false,\"rid\":1,\"error\":\"no product sku-9\",\"code\":\"NOT_FOUND\"}");
					assertThat(order).containsExactly("first find", "second find");
					client.send("{\"rid\":2,\"method\":\"delete\",\"args\":[\"sku-9\"]}");
					assertThat(client.readLine()).isEqualTo("{\"success\":false,\"rid\":2,"
							+ "\"error\":\"delete is refused\",\"code\":\"FORBIDDEN\"}");
					assertThat(context.getBean(Products.class).deleted).isEmpty();
				}
			});
		}
		finally {
			Files.deleteIfExists(directory.resolve("hooks.sock"));
			Files.deleteIfExists(directory.resolve("hooks.sock.lock"));
			Files.deleteIfExists(directory);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class HooksConfiguration {

		final List<String> order = new CopyOnWriteArrayList<>();

		@Bean
		Products products() {
			return new Products();
		}

		// declared second, applied first: @Order decides
		@Bean
		@Order(2)
		IpcServerInterceptor second() {
			return (call) -> {
				this.order.add("second " + call.method());
				return call.proceed();
			};
		}

		@Bean
		@Order(1)
		IpcServerInterceptor first() {
			return (call) -> {
				this.order.add("first " + call.method());
				if (call.method().equals("delete")) {
					throw new IpcServiceException("FORBIDDEN", "delete is refused", null);
				}
				return call.proceed();
			};
		}

		@Bean
		IpcExceptionHandler notFound() {
			return (method, exception) -> (exception instanceof NoSuchElementException)
					? new IpcServiceException("NOT_FOUND", exception.getMessage(), exception) : null;
		}

	}

	@IpcService
	static class Products {

		final List<String> deleted = new CopyOnWriteArrayList<>();

		public String find(String sku) {
			throw new NoSuchElementException("no product " + sku);
		}

		public void delete(String sku) {
			this.deleted.add(sku);
		}

	}

}
