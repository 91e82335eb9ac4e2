package dev.socketipc.autoconfigure.client.extra;

import dev.socketipc.annotation.IpcClient;

/**
 * A client of the server named {@code extra}, outside the auto-configuration package:
 * registered only when {@code @EnableIpcClients} names it or its package.
 */
@IpcClient("extra")
public interface ExtraClient {

	int add(int... numbers);

}
