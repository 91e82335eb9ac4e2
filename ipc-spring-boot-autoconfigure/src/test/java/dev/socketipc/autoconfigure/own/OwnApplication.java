package dev.socketipc.autoconfigure.own;

import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * An application that serves {@link Greeter} on its default address and calls itself
 * through {@link GreeterClient} (the default address of its own server's name) and
 * {@link SelfClient} ({@code self}); each context greets with its {@code greeting}
 * property, so a call shows which context's server answered.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class OwnApplication {

	/** The application's name, which names its default socket. */
	public static final String NAME = "ipc-own-app";

	/** The properties every context of this application has. */
	public static final Map<String, Object> DEFAULTS = Map.of("spring.application.name", NAME,
			"ipc.client.servers.myself.address", "self", "spring.main.banner-mode", "off");

	@Bean
	Greeter greeter(@Value("${greeting:hello}") String greeting) {
		return new Greeter(greeting);
	}

	/**
	 * Runs a context of this application without a web server.
	 * @param args command line arguments, such as {@code --greeting=hi}
	 * @return the context
	 */
	public static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(OwnApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(DEFAULTS);
		return application.run(args);
	}

}
