package dev.socketipc.autoconfigure.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.socketipc.autoconfigure.EnableIpcClients;
import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;
import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.autoconfigure.actuate.IpcHealthContributorAutoConfiguration;
import dev.socketipc.autoconfigure.client.contract.ContractCalculator;
import dev.socketipc.autoconfigure.client.contract.SeedCalculator;
import dev.socketipc.client.IpcRemoteException;
import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.server.IpcServer;
import dev.socketipc.server.ServiceDefinition;
import dev.socketipc.testsupport.NodeProcess;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The contract check ({@code ipc.client.servers.<name>.verify-contract}): when a client
 * receives {@code register}, the methods of its {@code @IpcClient} interfaces the server
 * does not list are logged once at WARN naming interface, methods and server, for a Java
 * server and for the Node.js seed server; a reconnection to the same server does not
 * repeat it, a method that appears is logged at INFO and one the server later drops at
 * WARN. {@code off} checks nothing; {@code fail} makes the server's health {@code DOWN}
 * with the missing methods and fails their calls at once naming the check; a wrong value
 * fails startup naming the property.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class IpcClientContractCheckTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String CALCULATOR = ContractCalculator.class.getName();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, IpcClientAutoConfiguration.class,
				IpcHealthContributorAutoConfiguration.class))
		.withPropertyValues("ipc.client.reconnect.initial-backoff=20ms", "ipc.client.reconnect.max-backoff=200ms");

	private Path directory;

	private IpcServer server;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void stop() throws IOException {
		if (this.server != null) {
			this.server.stop();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "unix", "tcp" })
	void missingMethodsAreWarnedOncePerChangeNamingInterfaceMethodAndServer(String transport, CapturedOutput output)
			throws IOException {
		IpcAddress address = address(transport);
		this.server = start(address, new Adder());
		calculator(address).run((context) -> {
			HealthIndicator health = health(context, "calculator");
			await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.UP));
			String warning = "The IPC server 'calculator' at " + address + " does not offer 2 methods of @IpcClient "
					+ CALCULATOR + ": 'multiply' (ContractCalculator.multiply), 'subtract' "
					+ "(ContractCalculator.subtract); calls to them fail with METHOD_NOT_FOUND";
			assertThat(count(output, warning)).isOne();
			assertThat(line(output, warning)).contains(" WARN ", "ContractCheck");
			assertThat(health.health().getDetails()).containsEntry("missingMethods",
					Map.of(CALCULATOR, List.of("multiply", "subtract")));
			assertThat(context.getBean(ContractCalculator.class).add(1, 2)).isEqualTo(3);

			restart(health, address, new Adder());
			assertThat(count(output, warning)).as("after a reconnection to the same server").isOne();

			restart(health, address, new AdderSubtracter());
			assertThat(line(output,
					"The IPC server 'calculator' at " + address
							+ " now offers 'subtract' (ContractCalculator.subtract) of @IpcClient " + CALCULATOR
							+ ", which it did not offer before"))
				.contains(" INFO ");
			assertThat(health.health().getDetails()).containsEntry("missingMethods",
					Map.of(CALCULATOR, List.of("multiply")));
			assertThat(context.getBean(ContractCalculator.class).subtract(5, 2)).isEqualTo(3);

			restart(health, address, new Subtracter());
			assertThat(line(output,
					"The IPC server 'calculator' at " + address + " does not offer 1 method of " + "@IpcClient "
							+ CALCULATOR + ": 'add' (ContractCalculator.add); calls to it fail with "
							+ "METHOD_NOT_FOUND"))
				.contains(" WARN ");
			assertThat(count(output, warning)).isOne();
			assertThat(health.health().getStatus()).as("warn never changes the status").isEqualTo(Status.UP);
			assertThatExceptionOfType(IpcRemoteException.class)
				.isThrownBy(() -> context.getBean(ContractCalculator.class).add(1, 2))
				.withMessage("IPC method 'add' failed with METHOD_NOT_FOUND: the server at " + address
						+ " does not offer 'add'; it offers 1 method: subtract");
		});
	}

	@Test
	void methodTheNodeSeedServerDoesNotOfferIsWarned(CapturedOutput output) throws Exception {
		NodeProcess node = NodeProcess.require();
		String requested = "unix:" + SocketPaths.socketFile(this.directory, "seed.sock");
		try (NodeProcess.Running seed = node.start(node.interopScript("seed-server.js").toString(), requested)) {
			assertThat(seed.nextStdoutLine(Duration.ofSeconds(30))).isEqualTo("listening " + requested);
			this.runner.withUserConfiguration(SeedClient.class)
				.withPropertyValues("ipc.client.servers.seed.address=" + requested)
				.run((context) -> {
					HealthIndicator health = health(context, "seed");
					await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.UP));
					assertThat(count(output,
							"The IPC server 'seed' at " + requested + " does not offer 1 method of " + "@IpcClient "
									+ SeedCalculator.class.getName() + ": 'divide' (SeedCalculator.divide); "
									+ "calls to it fail with METHOD_NOT_FOUND"))
						.isOne();
					assertThat(health.health().getDetails()).doesNotContainKey("protocol")
						.containsEntry("missingMethods", Map.of(SeedCalculator.class.getName(), List.of("divide")));
					assertThat(context.getBean(SeedCalculator.class).add(1, 2, 3, 4, 5)).isEqualTo(15);
				});
		}
	}

	@Test
	void offChecksNothing(CapturedOutput output) throws IOException {
		IpcAddress address = address("unix");
		this.server = start(address, new Adder());
		calculator(address).withPropertyValues("ipc.client.servers.calculator.verify-contract=off").run((context) -> {
			HealthIndicator health = health(context, "calculator");
			await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.UP));
			assertThat(health.health().getDetails()).doesNotContainKey("missingMethods");
			assertThat(context.getBean(IpcClientRegistry.class).contractCheck("calculator")).isNull();
			assertThat(output).doesNotContain("does not offer");
		});
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "unix", "tcp" })
	void failMarksTheHealthDownAndFailsCallsToMissingMethodsAtOnce(String transport, CapturedOutput output)
			throws IOException {
		IpcAddress address = address(transport);
		this.server = start(address, new Adder());
		calculator(address).withPropertyValues("ipc.client.servers.calculator.verify-contract=fail").run((context) -> {
			HealthIndicator health = health(context, "calculator");
			await().atMost(WAIT).until(() -> health.health().getDetails().containsKey("missingMethods"));
			Health down = health.health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("missingMethods",
					Map.of(CALCULATOR, List.of("multiply", "subtract")));
			assertThat(output).contains("does not offer 2 methods of @IpcClient " + CALCULATOR);
			ContractCalculator calculator = context.getBean(ContractCalculator.class);
			assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(() -> calculator.subtract(5, 2))
				.withMessage("IPC method 'subtract' failed with METHOD_NOT_FOUND: the contract check failed: the "
						+ "IPC server 'calculator' at " + address + " does not offer 'subtract' "
						+ "(ContractCalculator.subtract) of @IpcClient " + CALCULATOR
						+ ", so ipc.client.servers.calculator.verify-contract=fail fails its calls at once")
				.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(ErrorCode.METHOD_NOT_FOUND));
			assertThat(calculator.add(1, 2)).isEqualTo(3);

			restart(health, address, new FullCalculator());
			await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.UP));
			assertThat(health.health().getDetails()).doesNotContainKey("missingMethods");
			assertThat(calculator.subtract(5, 2)).isEqualTo(3);
		});
	}

	@Test
	void wrongValueFailsStartupNamingTheProperty() throws IOException {
		calculator(address("unix")).withPropertyValues("ipc.client.servers.calculator.verify-contract=loud")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining(
						"Failed to bind properties under 'ipc.client.servers.calculator.verify-contract'"));
	}

	private IpcAddress address(String transport) throws IOException {
		return switch (transport) {
			case "unix" -> IpcAddress.parse("unix:" + this.directory.resolve("calculator.sock"));
			case "tcp" -> IpcAddress.parse("tcp://127.0.0.1:" + SocketPaths.freePort());
			default -> throw new IllegalArgumentException(transport);
		};
	}

	private static IpcServer start(IpcAddress address, Object service) {
		IpcServer server = IpcServer.builder()
			.address(address)
			.service(ServiceDefinition.of("", service))
			.shutdownTimeout(Duration.ZERO)
			.build();
		server.start();
		return server;
	}

	/**
	 * Replaces the server with one of another service on the same address, and waits for
	 * the client to be registered on it (the check runs before it is).
	 */
	private void restart(HealthIndicator health, IpcAddress address, Object service) {
		this.server.stop();
		await().atMost(WAIT).until(() -> health.health().getDetails().containsKey("lastFailure"));
		this.server = start(address, service);
		await().atMost(WAIT).until(() -> !health.health().getDetails().containsKey("lastFailure"));
	}

	private static HealthIndicator health(AssertableApplicationContext context, String server) {
		return (HealthIndicator) context.getBean("ipcClientsHealthContributor", CompositeHealthContributor.class)
			.getContributor(server);
	}

	/** The one line of the output holding the text. */
	private static String line(CapturedOutput output, String text) {
		List<String> lines = output.getAll().lines().filter((line) -> line.contains(text)).toList();
		assertThat(lines).as("lines holding %s", text).hasSize(1);
		return lines.get(0);
	}

	private static int count(CapturedOutput output, String text) {
		String all = output.getAll();
		int count = 0;
		for (int at = all.indexOf(text); at >= 0; at = all.indexOf(text, at + 1)) {
			count++;
		}
		return count;
	}

	private ApplicationContextRunner calculator(IpcAddress address) {
		return this.runner.withUserConfiguration(CalculatorClient.class)
			.withPropertyValues("ipc.client.servers.calculator.address=" + address);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIpcClients(clients = ContractCalculator.class)
	static class CalculatorClient {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIpcClients(clients = SeedCalculator.class)
	static class SeedClient {

	}

	public static class Adder {

		public int add(int a, int b) {
			return a + b;
		}

	}

	public static class AdderSubtracter extends Adder {

		public int subtract(int a, int b) {
			return a - b;
		}

	}

	public static class Subtracter {

		public int subtract(int a, int b) {
			return a - b;
		}

	}

	public static class FullCalculator extends AdderSubtracter {

		public int multiply(int a, int b) {
			return a * b;
		}

	}

}
