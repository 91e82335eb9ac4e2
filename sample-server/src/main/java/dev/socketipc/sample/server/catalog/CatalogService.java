package dev.socketipc.sample.server.catalog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.autoconfigure.IpcService;
import dev.socketipc.server.IpcServiceException;

/**
 * A catalog kept in memory: {@code save} stores an item, {@code put} a document,
 * {@code get} answers a stored document. Records travel as JSON objects both ways; the
 * benchmark harness measures these methods with a real record and ~100 KB documents.
 *
 * <p>
 * Every method is a map operation that never blocks, so it runs on the I/O thread with no
 * executor hop.
 */
@IpcService
public class CatalogService {

	/** The code of the answer to {@code get} with an id nothing was stored under. */
	public static final String NOT_FOUND = "NOT_FOUND";

	private final Map<String, Item> items = new ConcurrentHashMap<>();

	private final Map<String, Document> documents = new ConcurrentHashMap<>();

	/**
	 * Stores an item under its id, replacing the one stored before.
	 * @param item the item, with an id
	 * @return the item, unchanged
	 */
	@IpcMethod(dispatch = IpcMethod.Dispatch.DIRECT)
	public Item save(Item item) {
		if (item == null || item.id() == null) {
			throw new IllegalArgumentException("save(item) needs an item with an id");
		}
		this.items.put(item.id(), item);
		return item;
	}

	/**
	 * Stores a document under its id, replacing the one stored before.
	 * @param document the document, with an id
	 * @return its id
	 */
	@IpcMethod(dispatch = IpcMethod.Dispatch.DIRECT)
	public String put(Document document) {
		if (document == null || document.id() == null) {
			throw new IllegalArgumentException("put(document) needs a document with an id");
		}
		this.documents.put(document.id(), document);
		return document.id();
	}

	/**
	 * Answers the document stored under an id.
	 * @param id the id it was {@code put} under
	 * @return the document
	 * @throws IpcServiceException with code {@value #NOT_FOUND} when there is none
	 */
	@IpcMethod(dispatch = IpcMethod.Dispatch.DIRECT)
	public Document get(String id) {
		Document document = this.documents.get(id);
		if (document == null) {
			throw new IpcServiceException(NOT_FOUND, "no document with id '" + id + "'", null);
		}
		return document;
	}

}
