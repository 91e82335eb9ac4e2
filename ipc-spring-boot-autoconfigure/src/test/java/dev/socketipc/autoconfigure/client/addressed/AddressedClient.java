package dev.socketipc.autoconfigure.client.addressed;

import dev.socketipc.annotation.IpcClient;

/**
 * A client whose address comes from its annotation, a placeholder resolved against the
 * environment, and whose methods are called with the {@code calc.} prefix.
 */
@IpcClient(address = "${test.calc.address}", prefix = "calc")
public interface AddressedClient {

	int add(int... numbers);

}
