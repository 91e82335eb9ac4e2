package dev.socketipc.autoconfigure.actuate.http;

import dev.socketipc.annotation.IpcClient;

/**
 * The client of {@link ActuatorTestApplication}: it calls the application's own server,
 * named {@code self}.
 */
@IpcClient("self")
public interface EchoClient {

	String echo(String text);

}
