package dev.socketipc.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.socketipc.testsupport.LineClient;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every call ends with an answer and frees its slot, whatever writing its result throws;
 * what a caller reads of an exception follows {@link ErrorDetails}, and unexpected
 * exceptions are logged on the server, rate-limited.
 */
@ExtendWith(OutputCaptureExtension.class)
class CallFailureTest {

	private static final String NPE_FAILED = "{\"success\":false,\"rid\":1,"
			+ "\"error\":\"method 'npe' failed; the server logged the cause\",\"code\":\"SERVICE_ERROR\"}";

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void cleanUp() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		this.executor.shutdownNow();
	}

	@Test
	void resultWhoseSerializerThrowsIsAnInternalErrorAndFreesItsSlot() throws IOException {
		LineClient client = connect(IpcServer.builder().maxInFlight(1));

		for (int rid = 1; rid <= 4; rid++) {
			client.call(rid, "unwritable");
			assertThat(client.readLine()).isEqualTo("{\"success\":false,\"rid\":" + rid + ","
					+ "\"error\":\"the result of method 'unwritable' could not be written as JSON\","
					+ "\"code\":\"INTERNAL_ERROR\"}");
		}
		client.call(5, "add", 2, 3);
		assertThat(client.readLine()).as("the slot of max-in-flight 1 was freed")
			.isEqualTo("{\"success\":true,\"rid\":5,\"data\":5}");
	}

	@Test
	void futureResultWhoseSerializerThrowsIsAnInternalErrorAndFreesItsSlot() throws IOException {
		LineClient client = connect(IpcServer.builder().maxInFlight(1));

		for (int rid = 1; rid <= 4; rid++) {
			client.call(rid, "unwritableLater");
			assertThat(JsonMapper.shared().readTree(client.readLine()).get("code").stringValue())
				.isEqualTo("INTERNAL_ERROR");
		}
		client.call(5, "add", 2, 3);
		assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":5,\"data\":5}");
	}

	@Test
	void unexpectedExceptionIsHiddenFromTheCallerAndLoggedWithItsStackTrace(CapturedOutput output) throws IOException {
		LineClient client = connect(IpcServer.builder());

		client.send("{\"rid\":1,\"method\":\"npe\",\"args\":[null]}");

		assertThat(client.readLine()).isEqualTo(NPE_FAILED);
		assertThat(output).contains("WARN")
			.contains("Method 'npe' threw an unexpected exception (0 similar messages suppressed)")
			.contains("java.lang.NullPointerException")
			.contains("at dev.socketipc.server.CallFailureTest$Failing.npe(");
	}

	@Test
	void unexpectedExceptionsOfOneMethodAreLoggedOncePerInterval(CapturedOutput output) throws IOException {
		LineClient client = connect(IpcServer.builder());

		for (int i = 0; i < 50; i++) {
			client.send("{\"rid\":1,\"method\":\"npe\",\"args\":[null]}");
			assertThat(client.readLine()).isEqualTo(NPE_FAILED);
		}
		client.call(2, "internal");
		client.readLine();

		assertThat(output.toString().split("Method 'npe' threw an unexpected exception", -1)).hasSize(2);
		assertThat(output).contains("Method 'internal' threw an unexpected exception");
	}

	@Test
	void exceptionsMeantForTheCallerKeepTheirMessageAndAreNotLoggedAsUnexpected(CapturedOutput output)
			throws IOException {
		LineClient client = connect(IpcServer.builder());

		client.call(1, "rejected", "sku-1");
		assertThat(client.readLine())
			.isEqualTo("{\"success\":false,\"rid\":1,\"error\":\"only 3 left of sku-1\",\"code\":\"SERVICE_ERROR\"}");
		client.call(2, "badArgument");
		assertThat(client.readLine()).isEqualTo(
				"{\"success\":false,\"rid\":2,\"error\":\"quantity must be positive\",\"code\":\"SERVICE_ERROR\"}");
		client.call(3, "internal");
		assertThat(client.readLine()).isEqualTo("{\"success\":false,\"rid\":3,"
				+ "\"error\":\"method 'internal' failed; the server logged the cause\",\"code\":\"SERVICE_ERROR\"}");

		assertThat(output).doesNotContain("Method 'rejected'").doesNotContain("Method 'badArgument'");
	}

	@Test
	void messageDetailsSendEveryMessageAsTheSeedDoes() throws IOException {
		LineClient client = connect(IpcServer.builder().errorDetails(ErrorDetails.MESSAGE));

		client.call(1, "internal");
		assertThat(client.readLine()).isEqualTo("{\"success\":false,\"rid\":1,"
				+ "\"error\":\"connection to jdbc:postgresql://db/internal refused\",\"code\":\"SERVICE_ERROR\"}");
		client.call(2, "unwritable");
		assertThat(JsonMapper.shared().readTree(client.readLine()).get("error").stringValue())
			.isEqualTo("the result of method 'unwritable' could not be written as JSON: the serializer broke");
	}

	@Test
	void noDetailsHideEvenMessagesMeantForTheCaller() throws IOException {
		LineClient client = connect(IpcServer.builder().errorDetails(ErrorDetails.NONE));

		client.call(1, "rejected", "sku-1");

		assertThat(client.readLine()).isEqualTo("{\"success\":false,\"rid\":1,"
				+ "\"error\":\"method 'rejected' failed; the server logged the cause\",\"code\":\"SERVICE_ERROR\"}");
	}

	private LineClient connect(IpcServerBuilder builder) throws IOException {
		IpcServer server = builder.address(IpcAddress.parse("tcp://127.0.0.1:0"))
			.service(ServiceDefinition.of("", new Failing()))
			.executor(this.executor)
			.build();
		server.start();
		this.resources.add(server::stop);
		LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress());
		this.resources.add(client);
		return client;
	}

	/** Methods that fail in every way a service can. */
	public static final class Failing {

		public int add(int a, int b) {
			return a + b;
		}

		public Unwritable unwritable() {
			return new Unwritable();
		}

		public CompletableFuture<Unwritable> unwritableLater() {
			return CompletableFuture.supplyAsync(Unwritable::new);
		}

		public int npe(String text) {
			return text.length();
		}

		public void internal() {
			throw new IllegalStateException("connection to jdbc:postgresql://db/internal refused");
		}

		public void rejected(String sku) {
			throw new IpcServiceException("only 3 left of " + sku);
		}

		public void badArgument() {
			throw new IllegalArgumentException("quantity must be positive");
		}

	}

	/**
	 * A result an application serializer fails to write, with an exception that is not
	 * Jackson's.
	 */
	@JsonSerialize(using = Breaking.class)
	public record Unwritable() {
	}

	static final class Breaking extends ValueSerializer<Unwritable> {

		@Override
		public void serialize(Unwritable value, JsonGenerator generator, SerializationContext context) {
			throw new IllegalStateException("the serializer broke");
		}

	}

}
