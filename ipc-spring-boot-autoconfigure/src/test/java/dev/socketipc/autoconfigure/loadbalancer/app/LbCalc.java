package dev.socketipc.autoconfigure.loadbalancer.app;

import java.util.concurrent.CompletableFuture;

import dev.socketipc.annotation.IpcClient;
import dev.socketipc.annotation.IpcMethod;

/**
 * The client of the {@code lb://calc} tests: {@code ipc.client.servers.calc.address}.
 */
@IpcClient("calc")
public interface LbCalc {

	String echo(String text);

	@IpcMethod("hold")
	CompletableFuture<String> holdAsync(String text);

	/** Idempotent through the annotation. */
	@IpcMethod(idempotent = true)
	CompletableFuture<String> holdIdempotent(String text);

	/** Idempotent only when {@code idempotent-methods} names it. */
	CompletableFuture<String> holdAgain(String text);

	String fail(String text);

}
