package dev.socketipc.autoconfigure.client.contract;

import dev.socketipc.annotation.IpcClient;

/**
 * A client of the contract check tests' Java server, named {@code calculator}: each test
 * server offers some of its methods.
 */
@IpcClient("calculator")
public interface ContractCalculator {

	int add(int a, int b);

	int subtract(int a, int b);

	int multiply(int a, int b);

}
