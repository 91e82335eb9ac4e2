package dev.socketipc.autoconfigure.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.socketipc.autoconfigure.EnableIpcClients;
import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;
import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.autoconfigure.IpcServerAutoConfiguration;
import dev.socketipc.autoconfigure.IpcService;
import dev.socketipc.autoconfigure.client.addressed.AddressedClient;
import dev.socketipc.autoconfigure.client.broken.BrokenClient;
import dev.socketipc.autoconfigure.client.extra.ExtraClient;
import dev.socketipc.autoconfigure.client.scanned.CalcAdmin;
import dev.socketipc.autoconfigure.client.scanned.CalcClient;
import dev.socketipc.autoconfigure.client.scanned.NotAClient;
import dev.socketipc.autoconfigure.client.scanned.ScannedClientsPackage;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcConnectionException;
import dev.socketipc.client.IpcTimeoutException;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.SocketDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests {@link IpcClientAutoConfiguration}: which {@code @IpcClient} interfaces become
 * beans, how {@code ipc.client.*} configures them, their shared connections, startup
 * failures and shutdown, against a real {@link IpcServer} on a Unix socket.
 */
@Timeout(60)
class IpcClientAutoConfigurationTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpcClientAutoConfiguration.class))
		.withPropertyValues("ipc.client.timeout=10s", "ipc.client.reconnect.max-backoff=200ms");

	private final List<IpcServer> servers = new ArrayList<>();

	private Path socketDirectory;

	private IpcAddress address;

	@BeforeEach
	void startServer() throws IOException {
		this.socketDirectory = SocketPaths.newSocketDirectory();
		this.address = socket("calc.sock");
		startServer(this.address, ServiceDefinition.of("", new CalcService()));
	}

	@AfterEach
	void stopServers() throws IOException {
		try {
			this.servers.forEach(IpcServer::stop);
		}
		finally {
			SocketPaths.deleteRecursively(this.socketDirectory);
		}
	}

	@Test
	void registersTheIpcClientInterfacesOfTheAutoConfigurationPackages() {
		this.runner.withUserConfiguration(ScannedClientsPackage.class)
			.withPropertyValues(calcAddress())
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(CalcClient.class)
					.hasSingleBean(CalcAdmin.class)
					.doesNotHaveBean(NotAClient.class)
					.doesNotHaveBean(ExtraClient.class)
					.doesNotHaveBean(BrokenClient.class);
				assertThat(context.getBean(CalcClient.class).add(1, 2, 3, 4, 5)).isEqualTo(15);
				assertThat(context.getBean(CalcAdmin.class).echo("héllo\nwörld")).isEqualTo("héllo\nwörld");
			});
	}

	@Test
	void registersNoClientWithoutAutoConfigurationPackages() {
		this.runner.withPropertyValues(calcAddress()).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(IpcClientRegistry.class).doesNotHaveBean(CalcClient.class);
			assertThat(context.getBean(IpcClientRegistry.class).connection(this.address)).isNull();
		});
	}

	@Test
	void enableIpcClientsWithClientsRegistersOnlyThoseAndSkipsTheScan() throws IOException {
		IpcAddress extra = startExtraServer();
		// No address for "calc": had the scan run, CalcClient would be a bean connecting
		// to the default address.
		this.runner.withUserConfiguration(ScannedClientsPackage.class, OnlyExtraClient.class)
			.withPropertyValues("ipc.client.servers.extra.address=" + extra)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(ExtraClient.class)
					.doesNotHaveBean(CalcClient.class)
					.doesNotHaveBean(CalcAdmin.class);
				assertThat(context.getBean(ExtraClient.class).add(1, 2, 3, 4, 5)).isEqualTo(15);
			});
	}

	@Test
	void enableIpcClientsBasePackagesWidenTheScanBeyondTheAutoConfigurationPackages() throws IOException {
		IpcAddress extra = startExtraServer();
		this.runner.withUserConfiguration(WiderPackages.class)
			.withPropertyValues(calcAddress(), "ipc.client.servers.extra.address=" + extra)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(CalcClient.class)
					.hasSingleBean(CalcAdmin.class)
					.hasSingleBean(ExtraClient.class)
					.doesNotHaveBean(NotAClient.class)
					.doesNotHaveBean(BrokenClient.class);
				assertThat(context.getBean(ExtraClient.class).add(1, 2)).isEqualTo(3);
				assertThat(context.getBean(CalcClient.class).add(3, 4)).isEqualTo(7);
			});
	}

	@Test
	void proxiesAreBeanDefinitionsSeenByConstructorInjectionAndConditions() {
		this.runner.withUserConfiguration(ScannedClientsPackage.class)
			.withConfiguration(AutoConfigurations.of(GuardedAutoConfiguration.class))
			.withBean(Adder.class)
			.withPropertyValues(calcAddress())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeanNamesForType(CalcClient.class)).containsExactly("calcClient");
				BeanDefinition definition = context.getBeanFactory().getBeanDefinition("calcClient");
				assertThat(definition.getResolvableType().resolve()).isEqualTo(CalcClient.class);
				assertThat(context.getBean(Adder.class).sum(1, 2, 3, 4, 5)).isEqualTo(15);
				assertThat(context).hasSingleBean(NeedsCalc.class).doesNotHaveBean(NeedsExtra.class);
			});
	}

	@Test
	void appliesTheServerTimeoutAndMethodTimeouts() {
		this.runner.withUserConfiguration(ScannedClientsPackage.class)
			.withPropertyValues(calcAddress(), "ipc.client.servers.calc.timeout=400ms",
					"ipc.client.servers.calc.method-timeouts.hang=250ms")
			.run((context) -> {
				CalcClient calc = context.getBean(CalcClient.class);
				assertThatExceptionOfType(IpcTimeoutException.class).isThrownBy(calc::never)
					.withMessageContaining("'never'")
					.withMessageContaining(this.address.toString())
					.withMessageContaining("within 400ms")
					.satisfies((ex) -> assertThat(ex.getTimeout()).isEqualTo(Duration.ofMillis(400)));
				assertThatExceptionOfType(IpcTimeoutException.class).isThrownBy(calc::hang)
					.withMessageContaining("'hang'")
					.withMessageContaining("within 250ms")
					.satisfies((ex) -> assertThat(ex.getTimeout()).isEqualTo(Duration.ofMillis(250)));
				assertThat(calc.add(2, 2)).as("the connection survives timeouts").isEqualTo(4);
			});
	}

	@Test
	void interfacesNamingTheSameServerShareOneConnection() {
		this.runner.withUserConfiguration(ScannedClientsPackage.class)
			.withPropertyValues(calcAddress())
			.run((context) -> {
				IpcClientRegistry registry = context.getBean(IpcClientRegistry.class);
				IpcConnection connection = registry.connection(this.address);
				assertThat(connection).isNotNull();
				assertThat(registry.connection(IpcAddress.parse(this.address.toString()))).isSameAs(connection);
				assertThat(registry.connections()).as("by server name, for health and metrics")
					.containsExactly(entry("calc", connection));

				CompletableFuture<Integer> fromCalc = context.getBean(CalcClient.class).stall();
				CompletableFuture<Integer> fromAdmin = context.getBean(CalcAdmin.class).stall();

				// Both calls wait on the registry's one connection.
				await().atMost(WAIT).untilAsserted(() -> assertThat(connection.pendingCalls()).isEqualTo(2));
				assertThat(fromCalc).isNotDone();
				assertThat(fromAdmin).isNotDone();
			});
	}

	@Test
	void annotationAddressIsResolvedAndPrefixIsPrepended() throws IOException {
		IpcAddress prefixed = socket("prefixed.sock");
		startServer(prefixed, ServiceDefinition.of("calc", new CalcService()));
		this.runner.withUserConfiguration(OnlyAddressedClient.class)
			.withPropertyValues("test.calc.address=" + prefixed)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				// The server offers only calc.add: without the prefix the call would fail
				// METHOD_NOT_FOUND.
				assertThat(context.getBean(AddressedClient.class).add(1, 2, 3, 4, 5)).isEqualTo(15);
				assertThat(context.getBean(IpcClientRegistry.class).connection(prefixed).methods()).contains("calc.add")
					.doesNotContain("add");
			});
	}

	@Test
	void serverWithoutAnAddressDefaultsToItsNameInTheUsersSocketDirectory() {
		IpcAddress expected = SocketDirectory.defaultAddress("calc");
		this.runner.withUserConfiguration(OnlyCalcClient.class)
			.withPropertyValues("ipc.client.lazy=true")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(CalcClient.class);
				assertThat(expected.toString()).endsWith("/calc.sock");
				assertThat(context.getBean(IpcClientRegistry.class).connection(expected)).isNotNull();
			});
	}

	@Test
	void failsAtStartupWhenTheAddressCannotBeParsed() {
		this.runner.withUserConfiguration(OnlyCalcClient.class)
			.withPropertyValues("ipc.client.servers.calc.address=nowhere:1234")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootCause(context.getStartupFailure()))
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("ipc.client.servers.calc.address")
					.hasMessageContaining("nowhere:1234");
			});
	}

	@Test
	void failsAtStartupOnAnUnsupportedMethodSignature() {
		this.runner.withUserConfiguration(OnlyBrokenClient.class).withPropertyValues(calcAddress()).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootCause(context.getStartupFailure())).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("Future return type is not supported")
				.hasMessageEndingWith(" for method BrokenClient.result");
		});
	}

	@Test
	void failsAtStartupWhenEnableIpcClientsNamesAnInterfaceWithoutIpcClient() {
		this.runner.withUserConfiguration(NamesNotAClient.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootCause(context.getStartupFailure())).hasMessageContaining(NotAClient.class.getName())
				.hasMessageContaining("must name interfaces annotated @IpcClient");
		});
	}

	@Test
	void eagerClientConnectsAtStartupWithoutAnyCall() {
		this.runner.withUserConfiguration(ScannedClientsPackage.class)
			.withPropertyValues(calcAddress())
			.run((context) -> {
				IpcConnection connection = context.getBean(IpcClientRegistry.class).connection(this.address);
				await().atMost(WAIT).until(connection::isReady);
				assertThat(connection.methods()).containsExactlyInAnyOrder("add", "echo", "hang", "never", "stall");
			});
	}

	@Test
	void lazyClientConnectsOnItsFirstCall() throws IOException {
		IpcAddress extra = startExtraServer();
		// Globally lazy; "extra" overrides it and connects at startup, which gives the
		// lazy one time to misbehave.
		this.runner.withUserConfiguration(WiderPackages.class)
			.withPropertyValues(calcAddress(), "ipc.client.lazy=true", "ipc.client.servers.extra.address=" + extra,
					"ipc.client.servers.extra.lazy=false")
			.run((context) -> {
				IpcClientRegistry registry = context.getBean(IpcClientRegistry.class);
				await().atMost(WAIT).until(registry.connection(extra)::isReady);
				IpcConnection lazy = registry.connection(this.address);
				assertThat(lazy.isReady()).as("lazy connection before the first call").isFalse();
				assertThat(lazy.methods()).isEmpty();

				assertThat(context.getBean(CalcClient.class).add(1, 2, 3, 4, 5)).isEqualTo(15);

				assertThat(lazy.isReady()).as("lazy connection after the first call").isTrue();
			});
	}

	@Test
	void clientCreatedBeforeItsServerExistsStartsTheContextAndConnectsLater() {
		IpcAddress later = socket("later.sock");
		this.runner.withUserConfiguration(ScannedClientsPackage.class)
			// Waits for the server through the backoff; by default calls fail fast then
			// (IpcClientWaitForReadyTest).
			.withPropertyValues("ipc.client.servers.calc.address=" + later,
					"ipc.client.servers.calc.wait-for-ready=true")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(CalcClient.class);
				IpcConnection connection = context.getBean(IpcClientRegistry.class).connection(later);
				assertThat(connection.isReady()).isFalse();

				startServer(later, ServiceDefinition.of("", new CalcService()));

				assertThat(context.getBean(CalcClient.class).add(1, 2, 3, 4, 5)).isEqualTo(15);
				assertThat(connection.isReady()).isTrue();
			});
	}

	@Test
	void clientCallsAServerOfTheSameContext() {
		IpcAddress own = socket("own.sock");
		this.runner.withConfiguration(AutoConfigurations.of(IpcServerAutoConfiguration.class))
			.withUserConfiguration(ScannedClientsPackage.class)
			.withBean(ContextCalcService.class)
			.withPropertyValues("ipc.server.address=" + own, "ipc.client.servers.calc.address=" + own)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(IpcServer.class).isRunning()).isTrue();
				assertThat(context.getBean(CalcClient.class).add(1, 2, 3, 4, 5)).isEqualTo(15);
				assertThat(context.getBean(CalcAdmin.class).echo("same context")).isEqualTo("same context");
			});
	}

	@Test
	void closingTheContextClosesTheConnectionsAndFailsPendingCalls() {
		this.runner.withUserConfiguration(ScannedClientsPackage.class)
			.withPropertyValues(calcAddress())
			.run((context) -> {
				CalcClient calc = context.getBean(CalcClient.class);
				IpcConnection connection = context.getBean(IpcClientRegistry.class).connection(this.address);
				CompletableFuture<Integer> pending = calc.stall();
				await().atMost(WAIT).untilAsserted(() -> assertThat(connection.pendingCalls()).isEqualTo(1));

				context.close();

				assertThat(pending).failsWithin(WAIT)
					.withThrowableThat()
					.havingCause()
					.isInstanceOf(IpcConnectionException.class)
					.withMessageContaining("'stall'")
					.withMessageContaining("closed");
				assertThat(connection.isReady()).isFalse();
				assertThatExceptionOfType(IpcConnectionException.class).isThrownBy(() -> calc.add(1))
					.withMessageContaining(this.address.toString())
					.withMessageContaining("closed");
			});
	}

	private static Throwable rootCause(Throwable failure) {
		return NestedExceptionUtils.getMostSpecificCause(failure);
	}

	private String calcAddress() {
		return "ipc.client.servers.calc.address=" + this.address;
	}

	private IpcAddress socket(String name) {
		return IpcAddress.parse("unix:" + this.socketDirectory.resolve(name));
	}

	private IpcAddress startExtraServer() {
		IpcAddress extra = socket("extra.sock");
		startServer(extra, ServiceDefinition.of("", new CalcService()));
		return extra;
	}

	private void startServer(IpcAddress address, ServiceDefinition service) {
		IpcServer server = IpcServer.builder().address(address).service(service).shutdownTimeout(Duration.ZERO).build();
		server.start();
		this.servers.add(server);
	}

	/**
	 * The service of the test servers: {@code add} and {@code echo} answer at once,
	 * {@code never}, {@code hang} and {@code stall} never answer.
	 */
	public static class CalcService {

		public int add(int... numbers) {
			int sum = 0;
			for (int number : numbers) {
				sum += number;
			}
			return sum;
		}

		public String echo(String text) {
			return text;
		}

		public CompletableFuture<Integer> never() {
			return new CompletableFuture<>();
		}

		public CompletableFuture<Integer> hang() {
			return new CompletableFuture<>();
		}

		public CompletableFuture<Integer> stall() {
			return new CompletableFuture<>();
		}

	}

	@IpcService
	public static class ContextCalcService extends CalcService {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIpcClients(clients = ExtraClient.class)
	static class OnlyExtraClient {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIpcClients(clients = CalcClient.class)
	static class OnlyCalcClient {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIpcClients(clients = BrokenClient.class)
	static class OnlyBrokenClient {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIpcClients(clients = AddressedClient.class)
	static class OnlyAddressedClient {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIpcClients(clients = NotAClient.class)
	static class NamesNotAClient {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIpcClients(basePackages = "dev.socketipc.autoconfigure.client.extra", basePackageClasses = CalcClient.class)
	static class WiderPackages {

	}

	/** A user bean that takes a client through its constructor. */
	static class Adder {

		private final CalcClient calc;

		Adder(CalcClient calc) {
			this.calc = calc;
		}

		int sum(int... numbers) {
			return this.calc.add(numbers);
		}

	}

	/**
	 * Beans guarded by {@code @ConditionalOnBean} on client interfaces, in an
	 * auto-configuration that runs after the client auto-configuration (where such
	 * conditions belong, as for any auto-configured bean).
	 */
	@AutoConfiguration(after = IpcClientAutoConfiguration.class)
	static class GuardedAutoConfiguration {

		@Bean
		@ConditionalOnBean(CalcClient.class)
		NeedsCalc needsCalc() {
			return new NeedsCalc();
		}

		@Bean
		@ConditionalOnBean(ExtraClient.class)
		NeedsExtra needsExtra() {
			return new NeedsExtra();
		}

	}

	static class NeedsCalc {

	}

	static class NeedsExtra {

	}

}
