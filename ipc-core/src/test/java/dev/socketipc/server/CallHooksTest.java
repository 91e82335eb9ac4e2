package dev.socketipc.server;

import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.TestTransport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Interceptors around every call and exception handlers, configured through the
 * plain-Java builder, over Unix sockets, TCP and local: what an interceptor sees,
 * answering instead of the method, order, failures that are answered and never dropped;
 * codes chosen by the service or mapped by a handler.
 */
class CallHooksTest {

	private static final String ADD_FAILED = "{\"success\":false,\"rid\":1,"
			+ "\"error\":\"method 'add' failed; the server logged the cause\",\"code\":\"SERVICE_ERROR\"}";

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final Shop shop = new Shop();

	private String address;

	@AfterEach
	void cleanUp() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		this.executor.shutdownNow();
		TestTransport.release(this.address);
	}

	@ParameterizedTest
	@EnumSource(TestTransport.class)
	void interceptorSeesTheMethodArgumentsPeerAndOutcome(TestTransport transport) throws IOException {
		List<String> seen = new CopyOnWriteArrayList<>();
		LineClient client = connect(transport, IpcServer.builder().interceptor((call) -> {
			seen.add(call.method() + call.arguments() + " credentials=" + call.peer().credentials().isPresent()
					+ " current=" + IpcPeer.current().equals(java.util.Optional.of(call.peer())));
			Object outcome = call.proceed();
			seen.add("outcome " + outcome);
			return outcome;
		}));

		client.call(1, "add", 2, 3);

		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":5}");
		assertThat(seen).containsExactly("add[2, 3] credentials=" + transport.knowsPeerCredentials() + " current=true",
				"outcome 5");
	}

	@ParameterizedTest
	@EnumSource(TestTransport.class)
	void interceptorAnswersInsteadOfTheMethodOrRefusesWithACode(TestTransport transport) throws IOException {
		LineClient client = connect(transport, IpcServer.builder().interceptor((call) -> {
			if (call.method().equals("restock")) {
				throw new IpcServiceException("FORBIDDEN", "restock is for admins", null);
			}
			return call.method().equals("stock") ? 99 : call.proceed();
		}));

		client.call(1, "restock", "sku-1");
		assertThat(client.readLine())
			.isEqualTo("{\"success\":false,\"rid\":1,\"error\":\"restock is for admins\",\"code\":\"FORBIDDEN\"}");
		client.call(2, "stock", "sku-1");
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":2,\"data\":99}");
		assertThat(this.shop.calls).as("the method never ran").hasValue(0);
	}

	@ParameterizedTest
	@EnumSource(TestTransport.class)
	void interceptorsApplyInTheOrderAddedTheFirstOutermost(TestTransport transport) throws IOException {
		List<String> order = new CopyOnWriteArrayList<>();
		LineClient client = connect(transport, IpcServer.builder().interceptor((call) -> {
			order.add("first in");
			Object outcome = call.proceed();
			order.add("first out");
			return outcome;
		}).interceptor((call) -> {
			order.add("second in");
			Object outcome = call.proceed();
			order.add("second out");
			return outcome;
		}));

		client.call(1, "add", 1, 1);

		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":2}");
		assertThat(order).containsExactly("first in", "second in", "second out", "first out");
	}

	@ParameterizedTest
	@EnumSource(TestTransport.class)
	void interceptorThatThrowsIsAnsweredAsAnErrorAndTheConnectionGoesOn(TestTransport transport) throws IOException {
		AtomicInteger calls = new AtomicInteger();
		LineClient client = connect(transport, IpcServer.builder().maxInFlight(1).interceptor((call) -> {
			if (calls.incrementAndGet() == 1) {
				throw new IllegalStateException("interceptor bug");
			}
			return call.proceed();
		}));

		client.call(1, "add", 2, 3);
		assertThat(client.readLine()).isEqualTo(ADD_FAILED);
		client.call(2, "add", 2, 3);
		assertThat(client.readLine()).as("the failed call freed its slot of max-in-flight 1")
			.isEqualTo("{\"success\":true,\"rid\":2,\"data\":5}");
	}

	@ParameterizedTest
	@EnumSource(TestTransport.class)
	void serviceExceptionCarriesTheServicesOwnCode(TestTransport transport) throws IOException {
		LineClient client = connect(transport, IpcServer.builder());

		client.call(1, "buy", "sku-1", 5);
		assertThat(client.readLine())
			.isEqualTo("{\"success\":false,\"rid\":1,\"error\":\"only 3 left of sku-1\",\"code\":\"OUT_OF_STOCK\"}");
		client.call(2, "buyLater", "sku-2", 5);
		assertThat(client.readLine())
			.isEqualTo("{\"success\":false,\"rid\":2,\"error\":\"only 3 left of sku-2\",\"code\":\"OUT_OF_STOCK\"}");
	}

	@ParameterizedTest
	@EnumSource(TestTransport.class)
	void customCodeStaysWhenErrorDetailsHideTheMessage(TestTransport transport) throws IOException {
		LineClient client = connect(transport, IpcServer.builder().errorDetails(ErrorDetails.NONE));

		client.call(1, "buy", "sku-1", 5);

		assertThat(client.readLine()).isEqualTo("{\"success\":false,\"rid\":1,"
				+ "\"error\":\"method 'buy' failed; the server logged the cause\",\"code\":\"OUT_OF_STOCK\"}");
	}

	@ParameterizedTest
	@EnumSource(TestTransport.class)
	void exceptionHandlersMapApplicationExceptionsTheFirstAnswerWinning(TestTransport transport) throws IOException {
		LineClient client = connect(transport,
				IpcServer.builder()
					.exceptionHandler((method, exception) -> (exception instanceof UnsupportedOperationException)
							? new IpcServiceException("NOT_SUPPORTED", method + " is not supported", exception) : null)
					.exceptionHandler((method, exception) -> (exception instanceof NoSuchElementException)
							? new IpcServiceException("NOT_FOUND", exception.getMessage(), exception) : null)
					.exceptionHandler((method, exception) -> new IpcServiceException("LATE", "never asked", null)));

		client.call(1, "find", "sku-9");
		assertThat(client.readLine())
			.isEqualTo("{\"success\":false,\"rid\":1,\"error\":\"no product sku-9\",\"code\":\"NOT_FOUND\"}");
		client.call(2, "findLater", "sku-9");
		assertThat(client.readLine()).as("a failed stage is mapped too")
			.isEqualTo("{\"success\":false,\"rid\":2,\"error\":\"no product sku-9\",\"code\":\"NOT_FOUND\"}");
		client.call(3, "buy", "sku-1", 5);
		assertThat(client.readLine()).as("an IpcServiceException is answered as thrown")
			.isEqualTo("{\"success\":false,\"rid\":3,\"error\":\"only 3 left of sku-1\",\"code\":\"OUT_OF_STOCK\"}");
	}

	@ParameterizedTest
	@EnumSource(TestTransport.class)
	void unmappedAndHandlerFailuresStayServiceErrors(TestTransport transport) throws IOException {
		LineClient client = connect(transport, IpcServer.builder().exceptionHandler((method, exception) -> {
			if (method.equals("find")) {
				throw new IllegalStateException("handler bug");
			}
			return null;
		}));

		client.call(1, "find", "sku-9");
		assertThat(client.readLine()).isEqualTo("{\"success\":false,\"rid\":1,"
				+ "\"error\":\"method 'find' failed; the server logged the cause\",\"code\":\"SERVICE_ERROR\"}");
		client.call(2, "broken");
		assertThat(client.readLine()).isEqualTo("{\"success\":false,\"rid\":2,"
				+ "\"error\":\"method 'broken' failed; the server logged the cause\",\"code\":\"SERVICE_ERROR\"}");
	}

	@org.junit.jupiter.api.Test
	void codeMustNotBeBlank() {
		assertThatIllegalArgumentException().isThrownBy(() -> new IpcServiceException(" ", "message", null))
			.withMessage("The code of an IpcServiceException must not be blank, got ' '; use the constructors "
					+ "without a code for SERVICE_ERROR");
		assertThat(new IpcServiceException("message").code()).isEqualTo("SERVICE_ERROR");
	}

	private LineClient connect(TestTransport transport, IpcServerBuilder builder) throws IOException {
		this.address = transport.newAddress();
		IpcAddress address = IpcAddress.parse(this.address);
		IpcServer server = builder.address(address)
			.service(ServiceDefinition.of("", this.shop))
			.executor(this.executor)
			.build();
		server.start();
		this.resources.add(server::stop);
		LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress());
		this.resources.add(client);
		return client;
	}

	/**
	 * A service whose methods fail with codes, with exceptions a handler maps, and
	 * unexpectedly.
	 */
	public static final class Shop {

		final AtomicInteger calls = new AtomicInteger();

		public int add(int a, int b) {
			return a + b;
		}

		public int stock(String sku) {
			this.calls.incrementAndGet();
			return 3;
		}

		public void restock(String sku) {
			this.calls.incrementAndGet();
		}

		public void buy(String sku, int quantity) {
			throw new IpcServiceException("OUT_OF_STOCK", "only 3 left of " + sku, null);
		}

		public CompletableFuture<Void> buyLater(String sku, int quantity) {
			return CompletableFuture.supplyAsync(() -> {
				throw new IpcServiceException("OUT_OF_STOCK", "only 3 left of " + sku, null);
			});
		}

		public String find(String sku) {
			throw new NoSuchElementException("no product " + sku);
		}

		public CompletableFuture<String> findLater(String sku) {
			return CompletableFuture.failedFuture(new NoSuchElementException("no product " + sku));
		}

		public void broken() {
			throw new IllegalStateException("internal state");
		}

	}

}
