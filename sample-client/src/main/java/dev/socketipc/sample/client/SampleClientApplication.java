package dev.socketipc.sample.client;

import dev.socketipc.client.IpcException;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Calls the seed demo service and prints {@code 1+2+3+4+5 = 15} and
 * {@code 1*2*3*4*5 = 120}, then exits 0; prints one line saying where it tried to connect
 * and exits 1 when the server cannot be reached. It ends by returning from {@code main}:
 * the client's threads do not keep the JVM alive.
 */
@SpringBootApplication
public class SampleClientApplication {

	public static void main(String[] args) {
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleClientApplication.class, args)) {
			new SeedDemo(context.getBean(Calculator.class)).run(System.out);
		}
		catch (IpcException ex) {
			// An exception leaving main makes the JVM exit with status 1; this one prints
			// as a single line.
			throw new Unreachable("sample-client: " + ex.getMessage());
		}
	}

	/**
	 * The demo could not reach the server: reported as one line, without a stack trace.
	 */
	static final class Unreachable extends RuntimeException {

		Unreachable(String message) {
			super(message, null, false, false);
		}

		@Override
		public String toString() {
			return getMessage();
		}

	}

}
