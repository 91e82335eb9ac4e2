package dev.socketipc.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.server.IpcServerBuilder;
import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.UnixSocketFile;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcServerAutoConfiguration}: when it serves, what it serves, how
 * properties and beans customize it, and that the server it builds answers over a real
 * socket.
 */
class IpcServerAutoConfigurationTest {

	private static final String ANY_TCP_PORT = "ipc.server.address=tcp://127.0.0.1:0";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IpcServerAutoConfiguration.class, JacksonAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class));

	private final List<Path> directories = new ArrayList<>();

	@AfterEach
	void deleteDirectories() throws IOException {
		for (Path directory : this.directories) {
			SocketPaths.deleteRecursively(directory);
		}
	}

	@Test
	void noIpcServiceBeanMeansNoServer() {
		this.contextRunner.withPropertyValues(ANY_TCP_PORT).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(IpcServer.class);
			assertThat(context).doesNotHaveBean(IpcServerLifecycle.class);
		});
	}

	@Test
	void ipcServiceBeansAreServedOnTheConfiguredUnixSocket() throws IOException {
		Path socket = socketPath();
		this.contextRunner.withUserConfiguration(CalculatorConfiguration.class, GreeterConfiguration.class)
			.withPropertyValues("ipc.server.address=unix:" + socket)
			.run((context) -> {
				assertThat(context).hasSingleBean(IpcServer.class);
				assertThat(context).hasSingleBean(IpcServerLifecycle.class);
				IpcServer server = context.getBean(IpcServer.class);
				assertThat(server.isRunning()).isTrue();
				assertThat(server.address()).isEqualTo(new IpcAddress.Unix(socket));
				assertThat(UnixSocketFile.isSocket(socket)).isTrue();
				assertThat(server.methodNames()).containsExactlyInAnyOrder("calc.add", "calc.mul", "hello");
				try (LineClient client = LineClient.connect(server.address().socketAddress())) {
					JsonNode register = JsonMapper.shared().readTree(client.readLine());
					assertThat(register.get("action").asString()).isEqualTo("register");
					assertThat(register.get("methods").valueStream().map(JsonNode::asString))
						.containsExactlyInAnyOrder("calc.add", "calc.mul", "hello");
					assertThat(call(client, 1, "calc.add", 2, 3).get("data").asInt()).isEqualTo(5);
					assertThat(call(client, 2, "calc.mul", 2, 3).get("data").asInt()).isEqualTo(6);
					assertThat(call(client, 3, "hello", "Ada").get("data").asString()).isEqualTo("Hello, Ada");
					JsonNode hidden = call(client, 4, "calc.reset");
					assertThat(hidden.get("success").asBoolean()).isFalse();
					assertThat(hidden.get("code").asString()).isEqualTo("METHOD_NOT_FOUND");
				}
			});
	}

	@Test
	void tcpAddressWithPortZeroBindsAFreeLoopbackPort() {
		this.contextRunner.withUserConfiguration(CalculatorConfiguration.class)
			.withPropertyValues(ANY_TCP_PORT)
			.run((context) -> {
				IpcAddress address = context.getBean(IpcServer.class).address();
				assertThat(address).isInstanceOfSatisfying(IpcAddress.Tcp.class, (tcp) -> {
					assertThat(tcp.host()).isEqualTo("127.0.0.1");
					assertThat(tcp.port()).isPositive();
				});
				try (LineClient client = LineClient.connectAndSkipRegister(address.socketAddress())) {
					assertThat(call(client, 1, "calc.add", 40, 2).get("data").asInt()).isEqualTo(42);
				}
			});
	}

	@Test
	void enabledFalseBacksOff() {
		this.contextRunner.withUserConfiguration(CalculatorConfiguration.class)
			.withPropertyValues(ANY_TCP_PORT, "ipc.server.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(IpcServer.class);
				assertThat(context).doesNotHaveBean(IpcServerLifecycle.class);
			});
	}

	@Test
	void userDefinedServerMakesTheAutoConfiguredOneBackOff() {
		this.contextRunner.withUserConfiguration(CalculatorConfiguration.class, UserServerConfiguration.class)
			.withPropertyValues(ANY_TCP_PORT)
			.run((context) -> {
				assertThat(context).hasSingleBean(IpcServer.class);
				assertThat(context.getBeanNamesForType(IpcServer.class)).containsExactly("userServer");
				IpcServer server = context.getBean(IpcServer.class);
				assertThat(server.methodNames()).containsExactly("custom.echo");
				assertThat(context).hasSingleBean(IpcServerLifecycle.class);
				assertThat(server.isRunning()).isTrue();
			});
	}

	/**
	 * Where default addresses go: $XDG_RUNTIME_DIR, else a directory of this user's under
	 * the temp directory.
	 */
	private static Path defaultSocketDirectory() throws IOException {
		String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
		if (runtimeDir != null && runtimeDir.startsWith("/")) {
			return Path.of(runtimeDir);
		}
		return Path.of(System.getProperty("java.io.tmpdir"),
				"socket-ipc-" + Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
	}

	private static IpcAddress configuredAddress(MockEnvironment environment) {
		OwnServerAddress own = OwnServerAddress.decide(new IpcServerProperties(), environment,
				java.util.stream.Stream.empty());
		own.destroy();
		return own.configured();
	}

	@Test
	void defaultAddressIsASocketInTheUsersOwnDirectoryNamedAfterTheApplication() throws IOException {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "orders");
		assertThat(configuredAddress(environment))
			.isEqualTo(new IpcAddress.Unix(defaultSocketDirectory().resolve("orders.sock")));
		assertThat(PosixFilePermissions
			.toString(Files.getPosixFilePermissions(defaultSocketDirectory(), LinkOption.NOFOLLOW_LINKS)))
			.isEqualTo("rwx------");
	}

	@Test
	void suffixedDefaultAddressOfANameWithASlashStaysBesideTheFirst() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "team/orders");
		OwnServerAddress first = OwnServerAddress.decide(new IpcServerProperties(), environment,
				java.util.stream.Stream.empty());
		OwnServerAddress second = OwnServerAddress.decide(new IpcServerProperties(), environment,
				java.util.stream.Stream.empty());
		try {
			Path firstPath = ((IpcAddress.Unix) first.chosen()).path();
			assertThat(second.chosen()).isEqualTo(new IpcAddress.Unix(firstPath.resolveSibling("orders-2.sock")));
		}
		finally {
			first.destroy();
			second.destroy();
		}
	}

	@Test
	void allowedUidsWithATcpAddressFailNamingItEvenWhenTheServerIsMovedToLocal() {
		this.contextRunner.withUserConfiguration(CalculatorConfiguration.class)
			.withBean(IpcServerAddressResolver.class,
					() -> (configured) -> new IpcAddress.Local("allowed-uids-" + System.nanoTime()))
			.withPropertyValues(ANY_TCP_PORT, "ipc.server.allowed-uids=1000")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("ipc.server.allowed-uids")
					.hasMessageContaining("ipc.server.address is tcp://127.0.0.1:0 (this context serves on local:");
			});
	}

	@Test
	void defaultAddressWithoutApplicationNameIsIpcSock() throws IOException {
		assertThat(configuredAddress(new MockEnvironment()))
			.isEqualTo(new IpcAddress.Unix(defaultSocketDirectory().resolve("ipc.sock")));
	}

	@Test
	void serverWithoutAddressListensOnTheDefaultSocket() throws IOException {
		String name = "ipc-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
		Path expected = defaultSocketDirectory().resolve(name + ".sock");
		this.contextRunner.withUserConfiguration(CalculatorConfiguration.class)
			.withPropertyValues("spring.application.name=" + name)
			.run((context) -> {
				IpcServer server = context.getBean(IpcServer.class);
				assertThat(server.address()).isEqualTo(new IpcAddress.Unix(expected));
				assertThat(UnixSocketFile.isSocket(expected)).isTrue();
			});
		assertThat(expected).doesNotExist();
	}

	@Test
	void socketFileGetsTheConfiguredPermissions() throws IOException {
		Path socket = socketPath();
		this.contextRunner.withUserConfiguration(CalculatorConfiguration.class)
			.withPropertyValues("ipc.server.address=unix:" + socket, "ipc.server.socket-permissions=660")
			.run((context) -> assertThat(Files.getPosixFilePermissions(socket))
				.isEqualTo(PosixFilePermissions.fromString("rw-rw----")));
	}

	@Test
	void socketFileIsOwnerOnlyByDefault() throws IOException {
		Path socket = socketPath();
		this.contextRunner.withUserConfiguration(CalculatorConfiguration.class)
			.withPropertyValues("ipc.server.address=unix:" + socket)
			.run((context) -> assertThat(Files.getPosixFilePermissions(socket))
				.isEqualTo(PosixFilePermissions.fromString("rw-------")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "ipc.server.address=foo", "ipc.server.address=tcp://127.0.0.1:70000",
			"ipc.server.max-line-length=-1B", "ipc.server.max-line-length=3GB", "ipc.server.max-in-flight=0",
			"ipc.server.io-threads=-1", "ipc.server.shutdown-timeout=-1s", "ipc.server.socket-permissions=bogus" })
	void invalidPropertyFailsTheContextNamingTheProperty(String property) throws IOException {
		String name = property.substring(0, property.indexOf('='));
		this.contextRunner.withUserConfiguration(CalculatorConfiguration.class)
			.withPropertyValues("ipc.server.address=unix:" + socketPath(), property)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining(name);
			});
	}

	@Test
	void twoMethodsExposedUnderTheSameNameFailTheContextNamingBoth() {
		this.contextRunner.withUserConfiguration(FirstAdder.class, SecondAdder.class)
			.withPropertyValues(ANY_TCP_PORT)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("'add'")
					.hasMessageContaining("FirstAdder.add(int, int)")
					.hasMessageContaining("SecondAdder.add(int, int)");
			});
	}

	@Test
	void ipcServiceOnABeanMethodExposesTheBean() {
		this.contextRunner.withUserConfiguration(BeanMethodServiceConfiguration.class)
			.withPropertyValues(ANY_TCP_PORT)
			.run((context) -> {
				assertThat(context).hasSingleBean(IpcServer.class);
				IpcServer server = context.getBean(IpcServer.class);
				assertThat(server.methodNames()).containsExactly("plain.echo");
				try (LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress())) {
					assertThat(call(client, 1, "plain.echo", "hi").get("data").asString()).isEqualTo("hi");
				}
			});
	}

	@Test
	void customizerIsAppliedToTheBuilder() {
		this.contextRunner.withUserConfiguration(ThreadNameConfiguration.class, CustomExecutorConfiguration.class)
			.withPropertyValues(ANY_TCP_PORT)
			.run((context) -> {
				IpcServer server = context.getBean(IpcServer.class);
				CountingExecutor executor = context.getBean(CountingExecutor.class);
				try (LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress())) {
					assertThat(call(client, 1, "threadName").get("data").asString())
						.isEqualTo(CountingExecutor.THREAD_NAME);
				}
				assertThat(executor.executions).hasValue(1);
			});
	}

	@Test
	void callsRunOnTheApplicationTaskExecutor() {
		this.contextRunner.withUserConfiguration(ThreadNameConfiguration.class)
			.withPropertyValues(ANY_TCP_PORT)
			.run((context) -> {
				assertThat(context).hasBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME);
				IpcAddress address = context.getBean(IpcServer.class).address();
				try (LineClient client = LineClient.connectAndSkipRegister(address.socketAddress())) {
					assertThat(call(client, 1, "threadName").get("data").asString()).startsWith("task-");
				}
			});
	}

	@Test
	void callsRunOnTheServersOwnPoolWithoutATaskExecutor() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IpcServerAutoConfiguration.class, JacksonAutoConfiguration.class))
			.withUserConfiguration(ThreadNameConfiguration.class)
			.withPropertyValues(ANY_TCP_PORT)
			.run((context) -> {
				IpcAddress address = context.getBean(IpcServer.class).address();
				try (LineClient client = LineClient.connectAndSkipRegister(address.socketAddress())) {
					assertThat(call(client, 1, "threadName").get("data").asString()).startsWith("ipc-call");
				}
			});
	}

	@Test
	void callsGoThroughTheBeansProxyWhoseOwnMethodsAreNotExposed() {
		this.contextRunner.withUserConfiguration(ProxiedServiceConfiguration.class)
			.withPropertyValues(ANY_TCP_PORT)
			.run((context) -> {
				CountedService bean = context.getBean(CountedService.class);
				assertThat(AopUtils.isCglibProxy(bean)).isTrue();
				assertThat(bean).isInstanceOf(Advised.class);
				IpcServer server = context.getBean(IpcServer.class);
				assertThat(server.methodNames()).containsExactly("counted.ping");
				CountingProxyPostProcessor proxies = context.getBean(CountingProxyPostProcessor.class);
				assertThat(proxies.invocations).hasValue(0);
				try (LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress())) {
					assertThat(call(client, 1, "counted.ping").get("data").asString()).isEqualTo("pong");
					assertThat(call(client, 2, "getTargetSource").get("code").asString()).isEqualTo("METHOD_NOT_FOUND");
				}
				assertThat(proxies.invocations).hasValue(1);
			});
	}

	@Test
	void applicationJsonMapperIsUsedButNeverPrettyPrintsOnTheWire() {
		this.contextRunner.withUserConfiguration(PersonConfiguration.class, IndentingJsonMapperConfiguration.class)
			.withPropertyValues(ANY_TCP_PORT)
			.run((context) -> {
				JsonMapper applicationMapper = context.getBean(JsonMapper.class);
				assertThat(applicationMapper.isEnabled(SerializationFeature.INDENT_OUTPUT)).isTrue();
				IpcAddress address = context.getBean(IpcServer.class).address();
				try (LineClient client = LineClient.connect(address.socketAddress())) {
					assertThat(client.readLine())
						.isEqualTo("{\"action\":\"register\",\"methods\":[\"person\"],\"protocol\":1,"
								+ "\"features\":[\"ping\",\"meta\",\"events\",\"stream\"],\"topics\":[]}");
					client.call(1, "person");
					assertThat(client.readLine()).isEqualTo(
							"{\"success\":true,\"rid\":1,\"data\":{\"first_name\":\"Ada\",\"last_name\":\"Lovelace\"}}");
				}
			});
	}

	@Test
	void propertyDefaultsAreTheLibraryDefaults() {
		IpcServerProperties properties = new IpcServerProperties();
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getAddress()).isNull();
		assertThat(properties.getMaxLineLength().toBytes()).isEqualTo(IpcServerBuilder.DEFAULT_MAX_LINE_LENGTH);
		assertThat(properties.getMaxInFlight()).isEqualTo(IpcServerBuilder.DEFAULT_MAX_IN_FLIGHT);
		assertThat(properties.getSocketPermissions()).isEqualTo(IpcServerBuilder.DEFAULT_SOCKET_PERMISSIONS);
		assertThat(properties.getShutdownTimeout()).isEqualTo(IpcServerBuilder.DEFAULT_SHUTDOWN_TIMEOUT);
		assertThat(properties.getIoThreads()).isZero();
	}

	@Test
	void propertiesAreBoundFromKebabCaseNames() {
		this.contextRunner.withUserConfiguration(CalculatorConfiguration.class)
			.withPropertyValues(ANY_TCP_PORT, "ipc.server.max-line-length=2KB", "ipc.server.max-in-flight=7",
					"ipc.server.socket-permissions=", "ipc.server.shutdown-timeout=5s", "ipc.server.io-threads=1")
			.run((context) -> {
				IpcServerProperties properties = context.getBean(IpcServerProperties.class);
				assertThat(properties.getMaxLineLength().toBytes()).isEqualTo(2048);
				assertThat(properties.getMaxInFlight()).isEqualTo(7);
				assertThat(properties.getSocketPermissions()).isEmpty();
				assertThat(properties.getShutdownTimeout()).hasSeconds(5);
				assertThat(properties.getIoThreads()).isEqualTo(1);
				assertThat(context.getBean(IpcServer.class).isRunning()).isTrue();
			});
	}

	private Path socketPath() throws IOException {
		Path directory = SocketPaths.newSocketDirectory();
		this.directories.add(directory);
		return directory.resolve("s.sock");
	}

	@IpcService("calc")
	static class Calculator {

		public int add(int a, int b) {
			return a + b;
		}

		@IpcMethod("mul")
		public int multiply(int a, int b) {
			return a * b;
		}

		@IpcMethod(exposed = false)
		public void reset() {
		}

	}

	/**
	 * Sends a call and reads its answer, the next line (calls here are made one at a
	 * time).
	 */
	private static JsonNode call(LineClient client, int rid, String method, Object... args) {
		client.call(rid, method, args);
		return JsonMapper.shared().readTree(client.readLine());
	}

	@Configuration(proxyBeanMethods = false)
	static class CalculatorConfiguration {

		@Bean
		Calculator calculator() {
			return new Calculator();
		}

	}

	@IpcService
	static class Greeter {

		public String hello(String name) {
			return "Hello, " + name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GreeterConfiguration {

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

	}

	/**
	 * Not annotated: exposed only through the {@code @IpcService} on its {@code @Bean}
	 * method.
	 */
	static class PlainEcho {

		public String echo(String text) {
			return text;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BeanMethodServiceConfiguration {

		@Bean
		@IpcService("plain")
		PlainEcho plainEcho() {
			return new PlainEcho();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserServerConfiguration {

		@Bean
		IpcServer userServer() {
			return IpcServer.builder()
				.address(IpcAddress.parse("tcp://127.0.0.1:0"))
				.service(ServiceDefinition.of("custom", new PlainEcho()))
				.build();
		}

	}

	@IpcService
	static class FirstAdder {

		public int add(int a, int b) {
			return a + b;
		}

	}

	@IpcService
	static class SecondAdder {

		public int add(int a, int b) {
			return a + b;
		}

	}

	@IpcService
	static class ThreadNameService {

		public String threadName() {
			return Thread.currentThread().getName();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ThreadNameConfiguration {

		@Bean
		ThreadNameService threadNameService() {
			return new ThreadNameService();
		}

	}

	/** Runs each call on a new thread of a known name, counting them. */
	static class CountingExecutor implements Executor {

		static final String THREAD_NAME = "custom-executor";

		final AtomicInteger executions = new AtomicInteger();

		@Override
		public void execute(Runnable command) {
			this.executions.incrementAndGet();
			new Thread(command, THREAD_NAME).start();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomExecutorConfiguration {

		@Bean
		CountingExecutor countingExecutor() {
			return new CountingExecutor();
		}

		@Bean
		IpcServerCustomizer customExecutor(CountingExecutor countingExecutor) {
			return (builder) -> builder.executor(countingExecutor);
		}

	}

	@IpcService("counted")
	static class CountedService {

		public String ping() {
			return "pong";
		}

	}

	/**
	 * Wraps {@link CountedService} in a class-based proxy that counts the invocations
	 * going through it.
	 */
	static class CountingProxyPostProcessor implements BeanPostProcessor {

		final AtomicInteger invocations = new AtomicInteger();

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (!(bean instanceof CountedService)) {
				return bean;
			}
			ProxyFactory factory = new ProxyFactory(bean);
			factory.setProxyTargetClass(true);
			factory.addAdvice((MethodInterceptor) (invocation) -> {
				this.invocations.incrementAndGet();
				return invocation.proceed();
			});
			return factory.getProxy(CountedService.class.getClassLoader());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ProxiedServiceConfiguration {

		@Bean
		static CountingProxyPostProcessor countingProxyPostProcessor() {
			return new CountingProxyPostProcessor();
		}

		@Bean
		CountedService countedService() {
			return new CountedService();
		}

	}

	record Person(String firstName, String lastName) {
	}

	@IpcService
	static class PersonService {

		public Person person() {
			return new Person("Ada", "Lovelace");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PersonConfiguration {

		@Bean
		PersonService personService() {
			return new PersonService();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class IndentingJsonMapperConfiguration {

		@Bean
		JsonMapper jsonMapper() {
			return JsonMapper.builder()
				.enable(SerializationFeature.INDENT_OUTPUT)
				.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
				.build();
		}

	}

}
