package dev.socketipc.autoconfigure.own;

import dev.socketipc.annotation.IpcClient;

/**
 * A client of the server {@code myself}, whose address is {@code self}.
 */
@IpcClient("myself")
public interface SelfClient {

	String greet(String name);

}
