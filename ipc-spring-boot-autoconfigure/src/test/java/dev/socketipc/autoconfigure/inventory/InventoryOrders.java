package dev.socketipc.autoconfigure.inventory;

import dev.socketipc.autoconfigure.IpcService;

/**
 * The other half of the "inventory" API, with a bean name of its own.
 */
@IpcService(prefix = "inventory", name = "orders")
public class InventoryOrders {

	public String reserve(String sku) {
		return "reserved " + sku;
	}

}
