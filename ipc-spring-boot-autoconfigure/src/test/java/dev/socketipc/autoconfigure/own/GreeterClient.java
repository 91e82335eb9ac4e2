package dev.socketipc.autoconfigure.own;

import dev.socketipc.annotation.IpcClient;

/**
 * A client of the server named after the application, with no address: its default
 * address is the application's own server's default one.
 */
@IpcClient(OwnApplication.NAME)
public interface GreeterClient {

	String greet(String name);

}
