package dev.socketipc.autoconfigure.observation;

import java.nio.file.Path;

import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;
import dev.socketipc.autoconfigure.IpcServerAutoConfiguration;
import dev.socketipc.testsupport.SocketPaths;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The contexts of the observation tests: Spring Boot's observation and metrics
 * auto-configuration (a SimpleMeterRegistry behind DefaultMeterObservationHandler), the
 * IPC ones, and {@link ObservedApplication} serving and calling over a real socket.
 */
final class ObservedContexts {

	static final AutoConfigurations IPC = AutoConfigurations.of(JacksonAutoConfiguration.class,
			IpcServerAutoConfiguration.class, IpcClientAutoConfiguration.class, IpcObservationAutoConfiguration.class,
			IpcMetricsAutoConfiguration.class);

	static final AutoConfigurations MICROMETER = AutoConfigurations.of(ObservationAutoConfiguration.class,
			MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
			SimpleMetricsExportAutoConfiguration.class);

	private ObservedContexts() {
	}

	/**
	 * Returns the address property value of a transport.
	 * @param transport {@code unix} or {@code tcp}
	 * @param directory the socket directory
	 * @return a Unix socket in the directory, or a free loopback TCP port
	 */
	static String address(String transport, Path directory) throws java.io.IOException {
		return transport.equals("unix") ? "unix:" + SocketPaths.socketFile(directory, "calc.sock")
				: "tcp://127.0.0.1:" + SocketPaths.freePort();
	}

	/**
	 * Returns a runner of {@link ObservedApplication} with Micrometer, its server and
	 * client on one address.
	 * @param address the server's address
	 * @return the runner
	 */
	static ApplicationContextRunner observed(String address) {
		return new ApplicationContextRunner().withConfiguration(MICROMETER)
			.withConfiguration(IPC)
			.withUserConfiguration(ObservedApplication.class)
			.withPropertyValues("ipc.server.address=" + address, "ipc.client.servers.calc.address=" + address,
					"ipc.client.timeout=10s", "ipc.server.shutdown-timeout=0s");
	}

}
