package dev.socketipc.sample.client;

import dev.socketipc.client.IpcException;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Calls the seed demo service and prints {@code 1+2+3+4+5 = 15} and {@code 1*2*3*4*5 = 120}, then exits 0; prints
 * one line saying where it tried to connect and exits 1 when the server cannot be reached.
 */
@SpringBootApplication
public class SampleClientApplication {

	public static void main(String[] args) {
		int status;
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleClientApplication.class, args)) {
			try {
				new SeedDemo(context.getBean(Calculator.class)).run(System.out);
				status = 0;
			}
			catch (IpcException ex) {
				System.err.println("sample-client: " + ex.getMessage());
				status = 1;
			}
		}
		System.exit(status);
	}

}
