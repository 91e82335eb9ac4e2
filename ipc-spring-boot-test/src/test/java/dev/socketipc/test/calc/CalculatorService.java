package dev.socketipc.test.calc;

import java.util.Arrays;

import dev.socketipc.autoconfigure.IpcService;

/**
 * The calculator's service.
 */
@IpcService
public class CalculatorService {

	public int add(int... numbers) {
		return Arrays.stream(numbers).sum();
	}

	public int divide(int dividend, int divisor) {
		return dividend / divisor;
	}

	public String greet(String name) {
		return "hello " + name;
	}

}
