package dev.socketipc.test.calc;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application under test: serves {@link CalculatorService} and has clients of its own
 * server ({@link Calculator}, named after the application) and of another
 * ({@link Clock}).
 */
@SpringBootApplication
public class CalculatorApplication {

	/** The application's name, which names its default socket. */
	public static final String NAME = "calculator";

}
