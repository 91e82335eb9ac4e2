package dev.socketipc.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.socketipc.autoconfigure.loadbalancer.CalcInstances;
import dev.socketipc.autoconfigure.loadbalancer.app.LbApplication;
import dev.socketipc.autoconfigure.loadbalancer.app.LbCalc;
import dev.socketipc.client.IpcConnectionException;
import dev.socketipc.transport.Tls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS to the instances of an {@code lb://} server: a secure instance ({@code https://} in
 * the static list) is called over TLS, trusted through the server entry's
 * {@code ssl.bundle}; without a bundle the JDK's default trust is used, which does not
 * trust the test CA, so the handshake fails, and the call with it.
 */
@Timeout(120)
class LoadBalancedTlsTest {

	private static TestCertificates certificates;

	private CalcInstances instances;

	private ConfigurableApplicationContext context;

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

	@BeforeEach
	void startInstances() throws IOException {
		this.instances = CalcInstances.start(3, Tls.of(certificates.serverContext()));
	}

	@AfterEach
	void stop() throws IOException {
		if (this.context != null) {
			this.context.close();
		}
		this.instances.close();
	}

	@Test
	void secureInstancesAreCalledOverTlsTrustedThroughTheServersBundle() {
		List<String> properties = new ArrayList<>(List.of(this.instances.discovery("https")));
		properties.add("ipc.client.servers.calc.ssl.bundle=trusted");
		properties.add("spring.ssl.bundle.jks.trusted.truststore.location=" + location(certificates.trustStore()));
		properties.add("spring.ssl.bundle.jks.trusted.truststore.password=" + TestCertificates.PASSWORD);
		properties.add("spring.ssl.bundle.jks.trusted.truststore.type=PKCS12");
		this.context = LbApplication.run(properties);
		LbCalc calc = this.context.getBean(LbCalc.class);

		for (int i = 0; i < 6; i++) {
			assertThat(calc.echo("t" + i)).matches("s[012]:t" + i);
		}
		this.instances.services().forEach((service) -> assertThat(service.calls()).isEqualTo(2));
	}

	@Test
	void secureInstanceWithoutABundleUsesTheJdksDefaultTrust() {
		this.context = LbApplication.run(List.of(this.instances.discovery("https")));
		LbCalc calc = this.context.getBean(LbCalc.class);

		assertThatThrownBy(() -> calc.echo("untrusted")).isInstanceOf(IpcConnectionException.class)
			.hasMessageContaining("TLS with tcp://localhost:");
		this.instances.services().forEach((service) -> assertThat(service.calls()).isZero());
	}

	private static String location(Path path) {
		return "file:" + path.toAbsolutePath();
	}

}
