package dev.socketipc.autoconfigure.client.cli;

import dev.socketipc.annotation.IpcClient;
import dev.socketipc.autoconfigure.EnableIpcClients;
import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A client-only Spring Boot tool for {@code ClientOnlyApplicationTest}, run in a child
 * JVM: a {@link CommandLineRunner} calls {@code add(1, 2)} and prints the sum;
 * {@code main} returns without closing the context, as such tools do.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ JacksonAutoConfiguration.class, IpcClientAutoConfiguration.class })
@EnableIpcClients(clients = ClientOnlyApplication.Calc.class)
public class ClientOnlyApplication {

	@IpcClient("calc")
	public interface Calc {

		int add(int a, int b);

	}

	@Bean
	CommandLineRunner printSum(Calc calc) {
		return (args) -> System.out.println("sum=" + calc.add(1, 2));
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ClientOnlyApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(args);
	}

}
