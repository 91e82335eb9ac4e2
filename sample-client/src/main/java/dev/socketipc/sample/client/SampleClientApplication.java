package dev.socketipc.sample.client;

import java.io.PrintStream;
import java.time.Duration;

import dev.socketipc.client.IpcException;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Calls the seed demo service and prints {@code 1+2+3+4+5 = 15} and
 * {@code 1*2*3*4*5 = 120}, then exits 0; prints one line saying where it tried to connect
 * and exits 1 when the server cannot be reached. With {@code --demo=events} it runs the
 * {@link EventsDemo} instead: three ticks of the server's {@code clock} topic and the
 * items of {@code count(3)}. It ends by returning from {@code main}: the client's threads
 * do not keep the JVM alive. With {@code sample-client.keep-running=true} (the Spring
 * profile {@code actuator} sets it) it stays up after the demo, serving Actuator, until
 * stopped.
 */
@SpringBootApplication
public class SampleClientApplication {

	/** How long the events demo waits for its three ticks, and for count(3). */
	private static final Duration EVENTS_TIMEOUT = Duration.ofSeconds(10);

	public static void main(String[] args) {
		ConfigurableApplicationContext context = null;
		try {
			context = SpringApplication.run(SampleClientApplication.class, args);
			runDemo(context, System.out);
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

	/**
	 * Runs the demo the property {@code demo} names: {@code seed} (the default) or
	 * {@code events}.
	 * @param context the application
	 * @param out where the demo prints
	 */
	static void runDemo(ConfigurableApplicationContext context, PrintStream out) {
		String demo = context.getEnvironment().getProperty("demo", "seed");
		switch (demo) {
			case "seed" -> new SeedDemo(context.getBean(Calculator.class)).run(out);
			case "events" -> new EventsDemo(context.getBean(ClockClient.class), EVENTS_TIMEOUT).run(out);
			default -> throw new Unreachable("sample-client: --demo must be 'seed' or 'events', not '" + demo + "'");
		}
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
