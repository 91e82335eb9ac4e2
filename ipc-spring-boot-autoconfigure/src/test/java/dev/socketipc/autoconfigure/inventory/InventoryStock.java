package dev.socketipc.autoconfigure.inventory;

import dev.socketipc.autoconfigure.IpcService;

/**
 * One half of the "inventory" API.
 */
@IpcService("inventory")
public class InventoryStock {

	public int count(String sku) {
		return sku.length();
	}

}
