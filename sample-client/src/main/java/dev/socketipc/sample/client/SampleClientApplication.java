package dev.socketipc.sample.client;

import dev.socketipc.client.IpcException;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Calls the seed demo service and prints {@code 1+2+3+4+5 = 15} and
 * {@code 1*2*3*4*5 = 120}, then exits 0; prints one line saying where it tried to connect
 * and exits 1 when the server cannot be reached. It ends by returning from {@code main}:
 * the client's threads do not keep the JVM alive. With
 * {@code sample-client.keep-running=true} (the Spring profile {@code actuator} sets it)
 * it stays up after the demo, serving Actuator, until stopped.
 */
@SpringBootApplication
public class SampleClientApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = null;
		try {
			context = SpringApplication.run(SampleClientApplication.class, args);
			new SeedDemo(context.getBean(Calculator.class)).run(System.out);
		}
		catch (IpcException ex) {
			close(context);
			// An exception leaving main makes the JVM exit with status 1; this one prints
			// as a single line.
			throw new Unreachable("sample-client: " + ex.getMessage());
		}
		catch (RuntimeException | Error ex) {
			close(context);
			throw ex;
		}
		if (context.getEnvironment().getProperty("sample-client.keep-running", Boolean.class, false)) {
			// the web server's thread keeps the JVM alive; Ctrl-C closes the context
			System.out.println("sample-client: Actuator on http://"
					+ context.getEnvironment().getProperty("server.address", "localhost") + ":"
					+ context.getEnvironment().getProperty("local.server.port") + "/actuator/health, Ctrl-C to stop");
			return;
		}
		context.close();
	}

	private static void close(ConfigurableApplicationContext context) {
		if (context != null) {
			context.close();
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
