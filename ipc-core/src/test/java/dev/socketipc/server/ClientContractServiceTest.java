package dev.socketipc.server;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.socketipc.annotation.IpcClient;
import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientFactory;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A server class implementing an {@code @IpcClient} interface (one API module shared by
 * both sides) exposes the interface's methods under the names and prefix its clients
 * call, and nothing else.
 */
class ClientContractServiceTest {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void exposesTheInterfaceMethodsUnderTheInterfaceNamesAndPrefixOnly() {
		assertThat(
				ServiceRegistry.of(List.of(ServiceDefinition.of("", new InventoryService())), WireCodec.of(this.mapper))
					.names())
			.containsExactly("inventory.reserve", "inventory.stock");
	}

	@Test
	void aClientOfTheSameInterfaceCallsTheServer() throws Exception {
		IpcServer server = IpcServer.builder()
			.address(IpcAddress.parse("tcp://127.0.0.1:0"))
			.service(ServiceDefinition.of("", new InventoryService()))
			.build();
		server.start();
		IpcConnection connection = IpcConnection.builder(server.address()).build();
		try {
			Inventory inventory = IpcClientFactory.create(Inventory.class, connection,
					new ClientOptions("inventory", Duration.ofSeconds(10), Map.of()));

			assertThat(inventory.count("apple")).isEqualTo(5);
			assertThat(inventory.reserve("apple", 2).get(10, TimeUnit.SECONDS)).isEqualTo("2 x apple");
			assertThat(inventory.describe()).isEqualTo("inventory client");
		}
		finally {
			connection.close();
			server.stop();
		}
	}

	@Test
	void serviceWhosePrefixDiffersFromTheInterfacesFailsNamingBoth() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ServiceRegistry.of(List.of(ServiceDefinition.of("stock", new InventoryService())),
					WireCodec.of(this.mapper)))
			.withMessage("Service InventoryService has the prefix 'stock' but implements @IpcClient interface"
					+ " Inventory whose prefix is 'inventory', which its clients call; use the same prefix on both,"
					+ " or leave the service's empty");
	}

	@Test
	void classMethodRenamedDifferentlyFromTheInterfaceFailsNamingIt() {
		assertThatIllegalStateException().isThrownBy(
				() -> ServiceRegistry.of(List.of(ServiceDefinition.of("", new Renamed())), WireCodec.of(this.mapper)))
			.withMessage("@IpcMethod(\"quantity\") on Renamed.count(String) differs from the name 'stock' its"
					+ " @IpcClient interface Inventory gives it; name the method on the interface only");
	}

	@IpcClient(value = "inventory", prefix = "inventory")
	public interface Inventory {

		@IpcMethod("stock")
		int count(String sku);

		CompletableFuture<String> reserve(String sku, int quantity);

		default String describe() {
			return "inventory client";
		}

	}

	/**
	 * Implements the client's interface, with an overload and a helper the interface does
	 * not expose.
	 */
	public static class InventoryService implements Inventory {

		@Override
		public int count(String sku) {
			return sku.length();
		}

		/**
		 * An overload of {@code count}: not part of the interface, so not exposed and no
		 * clash.
		 */
		public int count(String sku, String warehouse) {
			return 0;
		}

		@Override
		public CompletableFuture<String> reserve(String sku, int quantity) {
			return CompletableFuture.completedFuture(quantity + " x " + sku);
		}

		public void reindex() {
		}

	}

	/** Renames an interface method on the class, to a name no client calls. */
	public static class Renamed extends InventoryService {

		@Override
		@IpcMethod("quantity")
		public int count(String sku) {
			return 1;
		}

	}

}
