package dev.socketipc.benchmarks;

import java.util.concurrent.CompletableFuture;

import dev.socketipc.annotation.IpcMethod;

/**
 * The same remote catalog as {@link Catalog}, asynchronous. A separate interface: the
 * factory refuses two methods of one interface that share a wire name.
 */
public interface AsyncCatalog {

	@IpcMethod("save")
	CompletableFuture<Catalog.Item> saveAsync(Catalog.Item item);

	@IpcMethod("get")
	CompletableFuture<Catalog.Document> getAsync(String id);

}
