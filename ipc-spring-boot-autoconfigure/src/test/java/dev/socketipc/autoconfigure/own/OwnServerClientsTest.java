package dev.socketipc.autoconfigure.own;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.socketipc.autoconfigure.IpcClientAddressResolver;
import dev.socketipc.autoconfigure.IpcConnectionCustomizer;
import dev.socketipc.autoconfigure.IpcServerCustomizer;
import dev.socketipc.autoconfigure.IpcServerLifecycle;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import dev.socketipc.transport.IpcBindException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests how the clients of an application's own server find it: {@code self} and the
 * server's configured address follow where the server bound (TCP port 0, a default socket
 * taken by another context of this JVM), {@code local.ipc.server.address} holds it, and
 * the resolver and customizer hooks.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class OwnServerClientsTest {

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private Path directory;

	@AfterEach
	void close() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
		if (this.directory != null) {
			SocketPaths.deleteRecursively(this.directory);
		}
	}

	private ConfigurableApplicationContext run(String... args) {
		ConfigurableApplicationContext context = OwnApplication.run(args);
		this.closeables.add(context);
		return context;
	}

	@Test
	void selfClientCallsTheServerOnTheTcpPortItBoundAndTheAddressIsPublished() {
		ConfigurableApplicationContext context = run("--ipc.server.address=tcp://127.0.0.1:0", "--greeting=port0",
				"--ipc.client.servers." + OwnApplication.NAME + ".lazy=true");
		IpcAddress bound = context.getBean(IpcServer.class).address();
		assertThat(((IpcAddress.Tcp) bound).port()).isPositive();
		assertThat(context.getEnvironment().getProperty(IpcServerLifecycle.LOCAL_ADDRESS_PROPERTY))
			.isEqualTo(bound.toString());
		assertThat(context.getBean(SelfClient.class).greet("me")).isEqualTo("port0 me");
	}

	@Test
	void clientOfTheServersConfiguredAddressFollowsItToThePortItBound() {
		ConfigurableApplicationContext context = run("--ipc.server.address=tcp://127.0.0.1:0", "--greeting=tcp",
				"--ipc.client.servers." + OwnApplication.NAME + ".address=tcp://127.0.0.1:0");
		assertThat(context.getBean(GreeterClient.class).greet("you")).isEqualTo("tcp you");
	}

	@Test
	void secondContextOnTheDefaultAddressListensBesideItAndItsClientsFollow(CapturedOutput output) {
		ConfigurableApplicationContext first = run("--greeting=first");
		ConfigurableApplicationContext second = run("--greeting=second");
		IpcAddress.Unix firstAddress = (IpcAddress.Unix) first.getBean(IpcServer.class).address();
		IpcAddress.Unix secondAddress = (IpcAddress.Unix) second.getBean(IpcServer.class).address();
		assertThat(secondAddress).isNotEqualTo(firstAddress);
		assertThat(secondAddress.path().getParent()).isEqualTo(firstAddress.path().getParent());
		assertThat(secondAddress.path().getFileName().toString()).matches(OwnApplication.NAME + "(-\\d+)?\\.sock");
		assertThat(Files.exists(firstAddress.path())).isTrue();
		assertThat(Files.exists(secondAddress.path())).isTrue();
		assertThat(first.getBean(GreeterClient.class).greet("a")).isEqualTo("first a");
		assertThat(second.getBean(GreeterClient.class).greet("b")).isEqualTo("second b");
		assertThat(second.getBean(SelfClient.class).greet("c")).isEqualTo("second c");
		assertThat(second.getEnvironment().getProperty(IpcServerLifecycle.LOCAL_ADDRESS_PROPERTY))
			.isEqualTo(secondAddress.toString());
		assertThat(output).contains("INFO", "ipc.server.address is not set and another application context of this "
				+ "JVM serves the default address", "this context's IPC server listens on " + secondAddress);
	}

	@Test
	void defaultAddressIsFreeAgainOnceTheContextHoldingItCloses() {
		ConfigurableApplicationContext first = run("--greeting=first");
		IpcAddress address = first.getBean(IpcServer.class).address();
		first.close();
		ConfigurableApplicationContext next = run("--greeting=next");
		assertThat(next.getBean(IpcServer.class).address()).isEqualTo(address);
	}

	@Test
	void clientsFollowAServerThatACustomizerMoved() {
		SpringApplication application = new SpringApplication(OwnApplication.class, Mover.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(OwnApplication.DEFAULTS);
		ConfigurableApplicationContext context = application.run("--greeting=moved");
		this.closeables.add(context);
		assertThat(context.getBean(IpcServer.class).address()).isEqualTo(Mover.ADDRESS);
		assertThat(context.getBean(GreeterClient.class).greet("m")).isEqualTo("moved m");
	}

	@Configuration(proxyBeanMethods = false)
	static class Mover {

		static final IpcAddress ADDRESS = new IpcAddress.Local("own-server-clients-test-moved");

		@Bean
		IpcServerCustomizer move() {
			return (builder) -> builder.address(ADDRESS);
		}

	}

	@Test
	void takenExplicitAddressStillFailsNamingTheProperty(CapturedOutput output) throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		Path socket = this.directory.resolve("taken.sock");
		String address = "--ipc.server.address=unix:" + socket;
		run(address);
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> run(address))
			.havingRootCause()
			.isInstanceOfSatisfying(IpcBindException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(IpcBindException.Reason.LOCKED));
		// the failure analysis Spring Boot prints names the property to change
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("another server holds the lock file " + socket)
			.contains("set ipc.server.address");
	}

	@Test
	void selfWithoutAServerFailsNamingTheProperty() {
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> run("--ipc.server.enabled=false"))
			.havingRootCause()
			.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
				assertThat(ex.getName()).isEqualTo("ipc.client.servers.myself.address");
				assertThat(ex.getReason()).contains("this application context has none");
			});
	}

	@Test
	void callOfTheOwnServerOnPortZeroBeforeTheContextStartedSaysWhy() {
		SpringApplication application = new SpringApplication(OwnApplication.class, EarlyCaller.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(OwnApplication.DEFAULTS);
		// on TCP port 0, the port is known only once bound
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> application.run("--ipc.server.address=tcp://127.0.0.1:0"))
			.withMessageContaining("Cannot call SelfClient.greet yet")
			.withMessageContaining("call it after the application context has started");
	}

	@Configuration(proxyBeanMethods = false)
	static class EarlyCaller {

		@Bean
		SmartInitializingSingleton earlyCall(ObjectProvider<SelfClient> client) {
			return () -> client.getObject().greet("too early");
		}

	}

	@Test
	void resolverChoosesTheAddressAndCustomizersSeeEveryServer() {
		IpcServer other = IpcServer.builder()
			.address(new IpcAddress.Tcp("127.0.0.1", 0))
			.service(ServiceDefinition.of("", new Greeter("other")))
			.build();
		other.start();
		this.closeables.add(other::stop);
		Hooks.resolved = other.address();
		SpringApplication application = new SpringApplication(OwnApplication.class, Hooks.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(OwnApplication.DEFAULTS);
		ConfigurableApplicationContext context = application.run("--greeting=own");
		this.closeables.add(context);
		assertThat(context.getBean(GreeterClient.class).greet("x")).isEqualTo("other x");
		assertThat(context.getBean(SelfClient.class).greet("y")).isEqualTo("own y");
		assertThat(Hooks.customized).containsExactlyInAnyOrder(OwnApplication.NAME, "myself");
	}

	@Configuration(proxyBeanMethods = false)
	@Import(OwnApplication.class)
	static class Hooks {

		static volatile IpcAddress resolved;

		static final List<String> customized = new CopyOnWriteArrayList<>();

		@Bean
		IpcClientAddressResolver otherServer() {
			return (server) -> OwnApplication.NAME.equals(server) ? resolved : null;
		}

		@Bean
		IpcConnectionCustomizer recordingCustomizer() {
			return (server, builder) -> customized.add(server);
		}

	}

}
