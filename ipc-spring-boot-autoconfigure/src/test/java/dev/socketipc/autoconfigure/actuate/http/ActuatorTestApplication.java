package dev.socketipc.autoconfigure.actuate.http;

import dev.socketipc.autoconfigure.IpcService;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A web application with Actuator that both serves IPC ({@link EchoService}) and calls
 * itself through {@link EchoClient}, found by scanning this package.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ActuatorTestApplication.EchoService.class)
public class ActuatorTestApplication {

	@IpcService
	static class EchoService {

		public String echo(String text) {
			return text;
		}

	}

}
