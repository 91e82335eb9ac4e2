package dev.socketipc.autoconfigure.own;

import dev.socketipc.autoconfigure.IpcService;

/**
 * Greets with the greeting of its application context.
 */
@IpcService
public class Greeter {

	private final String greeting;

	Greeter(String greeting) {
		this.greeting = greeting;
	}

	public String greet(String name) {
		return this.greeting + " " + name;
	}

}
