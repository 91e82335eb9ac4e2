package dev.socketipc.test.calc;

import dev.socketipc.annotation.IpcClient;

/**
 * The client of the calculator server.
 */
@IpcClient(CalculatorApplication.NAME)
public interface Calculator {

	int add(int... numbers);

	int divide(int dividend, int divisor);

	String greet(String name);

}
