package dev.socketipc.tls;

import java.io.IOException;
import java.nio.file.Path;

import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;
import dev.socketipc.autoconfigure.IpcServerAutoConfiguration;
import dev.socketipc.autoconfigure.IpcService;
import dev.socketipc.client.IpcConnectionException;
import dev.socketipc.client.IpcTimeoutException;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.tls.scanned.TlsCalcClient;
import dev.socketipc.tls.scanned.TlsClientsPackage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS configured from Spring Boot SSL bundles: {@code ipc.server.ssl.bundle} and
 * {@code ipc.server.ssl.client-auth} on the server,
 * {@code ipc.client.servers.<name>.ssl.bundle} on an {@code @IpcClient}, startup failures
 * naming the property of a missing bundle, and the warning logged for a non-loopback bind
 * without TLS.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class TlsAutoConfigurationTest {

	private static TestCertificates certificates;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, JacksonAutoConfiguration.class,
				IpcServerAutoConfiguration.class, IpcClientAutoConfiguration.class))
		.withBean(TlsCalcService.class)
		.withPropertyValues("ipc.client.timeout=10s", "ipc.client.reconnect.max-backoff=200ms",
				"ipc.server.shutdown-timeout=0s");

	@BeforeAll
	static void generateCertificates() throws IOException {
		certificates = TestCertificates.generate();
	}

	@AfterAll
	static void deleteCertificates() throws IOException {
		if (certificates != null) {
			certificates.close();
		}
	}

	@Test
	void ipcClientCallsOverMutualTlsFromSslBundles() throws IOException {
		String address = "tcp://127.0.0.1:" + SocketPaths.freePort();
		this.runner.withUserConfiguration(TlsClientsPackage.class)
			.withPropertyValues(bundles())
			.withPropertyValues("ipc.server.address=" + address, "ipc.server.ssl.bundle=server",
					"ipc.server.ssl.client-auth=need", "ipc.client.servers.calc.address=" + address,
					"ipc.client.servers.calc.ssl.bundle=client")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(TlsCalcClient.class).add(1, 2, 3, 4, 5)).isEqualTo(15);
			});
	}

	@Test
	void clientAuthNeedFromPropertiesRefusesAClientBundleWithoutAKey() throws IOException {
		String address = "tcp://127.0.0.1:" + SocketPaths.freePort();
		this.runner.withUserConfiguration(TlsClientsPackage.class)
			.withPropertyValues(bundles())
			.withPropertyValues("ipc.server.address=" + address, "ipc.server.ssl.bundle=server",
					"ipc.server.ssl.client-auth=need", "ipc.client.servers.calc.address=" + address,
					"ipc.client.servers.calc.ssl.bundle=anonymous", "ipc.client.servers.calc.timeout=3s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TlsCalcClient calc = context.getBean(TlsCalcClient.class);
				assertThatThrownBy(() -> calc.add(1, 2))
					.isInstanceOfAny(IpcTimeoutException.class, IpcConnectionException.class)
					.hasMessageContaining("TLS with " + address + " failed");
			});
	}

	@Test
	void clientAuthNoneServesAClientBundleWithoutAKey() throws IOException {
		String address = "tcp://127.0.0.1:" + SocketPaths.freePort();
		this.runner.withUserConfiguration(TlsClientsPackage.class)
			.withPropertyValues(bundles())
			.withPropertyValues("ipc.server.address=" + address, "ipc.server.ssl.bundle=server",
					"ipc.client.servers.calc.address=" + address, "ipc.client.servers.calc.ssl.bundle=anonymous")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(TlsCalcClient.class).add(1, 2)).isEqualTo(3);
			});
	}

	@Test
	void missingServerBundleFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues(bundles())
			.withPropertyValues("ipc.server.address=tcp://127.0.0.1:0", "ipc.server.ssl.bundle=nosuchbundle")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("ipc.server.ssl.bundle")
					.hasMessageContaining("nosuchbundle");
				assertThat(
						((InvalidConfigurationPropertyValueException) rootCause(context.getStartupFailure())).getName())
					.isEqualTo("ipc.server.ssl.bundle");
			});
	}

	@Test
	void missingClientBundleFailsStartupNamingTheProperty() {
		this.runner.withUserConfiguration(TlsClientsPackage.class)
			.withPropertyValues(bundles())
			.withPropertyValues("ipc.server.enabled=false", "ipc.client.servers.calc.address=tcp://127.0.0.1:1",
					"ipc.client.servers.calc.ssl.bundle=nosuchbundle")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("ipc.client.servers.calc.ssl.bundle")
					.hasMessageContaining("nosuchbundle");
			});
	}

	@Test
	void nonLoopbackBindWithoutTlsLogsAWarningAboutTls(CapturedOutput output) {
		this.runner.withPropertyValues("ipc.server.address=tcp://0.0.0.0:0").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(IpcServer.class).isRunning()).isTrue();
			assertThat(output).contains("WARN")
				.contains("binds tcp://0.0.0.0:0, which is not a loopback address")
				.contains("without TLS (set ipc.server.ssl.bundle)");
		});
	}

	@Test
	void nonLoopbackBindWithTlsStillWarnsButNotAboutTls(CapturedOutput output) {
		this.runner.withPropertyValues(bundles())
			.withPropertyValues("ipc.server.address=tcp://0.0.0.0:0", "ipc.server.ssl.bundle=server")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(IpcServer.class).isRunning()).isTrue();
				assertThat(output).contains("binds tcp://0.0.0.0:0, which is not a loopback address")
					.doesNotContain("without TLS");
			});
	}

	@Test
	void loopbackBindWithoutTlsDoesNotWarn(CapturedOutput output) {
		this.runner.withPropertyValues("ipc.server.address=tcp://127.0.0.1:0").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(IpcServer.class).isRunning()).isTrue();
			assertThat(output).doesNotContain("not a loopback address").doesNotContain("without TLS");
		});
	}

	/**
	 * Three bundles: the server's key, a client's key, and a client with trust only; all
	 * trust the test CA.
	 */
	private static String[] bundles() {
		return new String[] {
				"spring.ssl.bundle.jks.server.keystore.location=" + location(certificates.serverKeyStore()),
				"spring.ssl.bundle.jks.server.keystore.password=" + TestCertificates.PASSWORD,
				"spring.ssl.bundle.jks.server.keystore.type=PKCS12",
				"spring.ssl.bundle.jks.server.truststore.location=" + location(certificates.trustStore()),
				"spring.ssl.bundle.jks.server.truststore.password=" + TestCertificates.PASSWORD,
				"spring.ssl.bundle.jks.server.truststore.type=PKCS12",
				"spring.ssl.bundle.jks.client.keystore.location=" + location(certificates.clientKeyStore()),
				"spring.ssl.bundle.jks.client.keystore.password=" + TestCertificates.PASSWORD,
				"spring.ssl.bundle.jks.client.keystore.type=PKCS12",
				"spring.ssl.bundle.jks.client.truststore.location=" + location(certificates.trustStore()),
				"spring.ssl.bundle.jks.client.truststore.password=" + TestCertificates.PASSWORD,
				"spring.ssl.bundle.jks.client.truststore.type=PKCS12",
				"spring.ssl.bundle.jks.anonymous.truststore.location=" + location(certificates.trustStore()),
				"spring.ssl.bundle.jks.anonymous.truststore.password=" + TestCertificates.PASSWORD,
				"spring.ssl.bundle.jks.anonymous.truststore.type=PKCS12" };
	}

	private static String location(Path path) {
		return "file:" + path.toAbsolutePath();
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	@IpcService
	public static class TlsCalcService {

		public int add(int... numbers) {
			int sum = 0;
			for (int number : numbers) {
				sum += number;
			}
			return sum;
		}

	}

}
