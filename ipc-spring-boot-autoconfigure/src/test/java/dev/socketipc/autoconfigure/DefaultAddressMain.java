package dev.socketipc.autoconfigure;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The main class of a child JVM that starts a server application with no address, so that
 * a test can choose its temp directory ({@code -Djava.io.tmpdir}) and environment. Prints
 * {@code STARTED <address>} and exits when the server started; Spring Boot's failure
 * report and exit status 1 otherwise.
 */
final class DefaultAddressMain {

	private DefaultAddressMain() {
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(IpcBindFailureAnalyzerTest.ServerApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--spring.main.banner-mode=off",
				"--spring.application.name=planted")) {
			System.out.println("STARTED " + context.getBean(dev.socketipc.server.IpcServer.class).address());
		}
		catch (RuntimeException ex) {
			System.exit(1);
		}
		System.exit(0);
	}

}
