package dev.socketipc.benchmarks;

import java.util.concurrent.CompletableFuture;

import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.transport.IpcAddress;

/**
 * Our client of the catalog: {@link Catalog} and {@link AsyncCatalog} proxies made with
 * {@link IpcClientFactory} over one {@link IpcConnection} with its defaults.
 */
final class IpcPayloadClient implements PayloadClient {

	private final IpcConnection connection;

	private final Catalog catalog;

	private final AsyncCatalog asyncCatalog;

	IpcPayloadClient(IpcAddress address) {
		this.connection = IpcConnection.builder(address).build();
		this.catalog = IpcClientFactory.create(Catalog.class, this.connection, ClientOptions.defaults());
		this.asyncCatalog = IpcClientFactory.create(AsyncCatalog.class, this.connection, ClientOptions.defaults());
		this.connection.connect();
	}

	@Override
	public Catalog.Item save(Catalog.Item item) {
		return this.catalog.save(item);
	}

	@Override
	public Catalog.Document get(String id) {
		return this.catalog.get(id);
	}

	@Override
	public CompletableFuture<Catalog.Item> saveAsync(Catalog.Item item) {
		return this.asyncCatalog.saveAsync(item);
	}

	@Override
	public CompletableFuture<Catalog.Document> getAsync(String id) {
		return this.asyncCatalog.getAsync(id);
	}

	@Override
	public String put(Catalog.Document document) {
		return this.catalog.put(document);
	}

	@Override
	public void close() {
		this.connection.close();
	}

}
