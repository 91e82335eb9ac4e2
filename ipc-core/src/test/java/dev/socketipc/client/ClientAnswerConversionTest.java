package dev.socketipc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every call ends, whatever turning its answer into the return type throws: an
 * application deserializer's {@code RuntimeException} or an {@code Error} fails that call
 * only, and the connection and its other calls carry on.
 */
class ClientAnswerConversionTest {

	/** Long enough that a call ending by its timeout would fail the test's own wait. */
	private static final Duration LONG = Duration.ofMinutes(5);

	private static final Duration WAIT = Duration.ofSeconds(10);

	private Path directory;

	private ScriptedServer raw;

	private IpcConnection connection;

	@BeforeEach
	void createDirectory() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void stop() throws Exception {
		if (this.connection != null) {
			this.connection.close();
		}
		if (this.raw != null) {
			this.raw.close();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	/** Read by a deserializer that throws what the answer's {@code data} names. */
	@JsonDeserialize(using = Throwing.class)
	record Exploding(String text) {
	}

	static final class Throwing extends ValueDeserializer<Exploding> {

		@Override
		public Exploding deserialize(JsonParser parser, DeserializationContext context) {
			JsonNode node = context.readTree(parser);
			return switch (node.asString()) {
				case "runtime" -> throw new IllegalStateException("the application's deserializer refused it");
				case "error" -> throw new AssertionError("an Error from the application's deserializer");
				case "stack" -> throw new StackOverflowError();
				default -> new Exploding(node.asString());
			};
		}

	}

	interface Conversions {

		CompletableFuture<Exploding> explode();

		Exploding explodeNow();

		CompletableFuture<Integer> hold();

	}

	private Conversions client(Transport transport) throws Exception {
		this.raw = ClientTestSockets.startScripted(transport.bindAddress(this.directory), "explode", "explodeNow",
				"hold");
		this.connection = ClientTestSockets.connection(ClientTestSockets.addressOf(this.raw));
		return IpcClientFactory.create(Conversions.class, this.connection, new ClientOptions("", LONG, Map.of()));
	}

	private static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException {
		try {
			Object value = future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			throw new AssertionError("expected the call to fail, but it answered " + value);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		catch (TimeoutException ex) {
			throw new AssertionError("the call neither answered nor failed within " + WAIT, ex);
		}
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void deserializerThrowingARuntimeExceptionFailsThatCallOnlyAndTheConnectionCarriesOn(Transport transport)
			throws Exception {
		Conversions client = client(transport);
		CompletableFuture<Integer> held = client.hold();
		assertThat(this.raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"hold\",\"args\":[]}");
		CompletableFuture<Exploding> exploding = client.explode();
		assertThat(this.raw.nextLine()).isEqualTo("{\"rid\":2,\"method\":\"explode\",\"args\":[]}");

		this.raw.send("{\"success\":true,\"rid\":2,\"data\":\"runtime\"}");

		assertThat(failureOf(exploding)).isExactlyInstanceOf(IpcException.class)
			.hasMessageStartingWith("The answer of IPC call 'explode' could not be read as ")
			.hasMessageEndingWith(": java.lang.IllegalStateException: the application's deserializer refused it")
			.cause()
			.isExactlyInstanceOf(IllegalStateException.class);
		// The connection was not dropped: the call sent before is still pending and gets
		// its answer.
		this.raw.send("{\"success\":true,\"rid\":1,\"data\":7}");
		assertThat(held.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(7);
		assertThat(this.connection.isReady()).isTrue();
		assertThat(this.connection.pendingCalls()).isZero();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void deserializerThrowingAnErrorFailsThatCallOnlyAndTheConnectionCarriesOn(Transport transport) throws Exception {
		Conversions client = client(transport);
		CompletableFuture<Integer> held = client.hold();
		assertThat(this.raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"hold\",\"args\":[]}");
		CompletableFuture<Exploding> error = client.explode();
		assertThat(this.raw.nextLine()).isEqualTo("{\"rid\":2,\"method\":\"explode\",\"args\":[]}");
		CompletableFuture<Exploding> overflow = client.explode();
		assertThat(this.raw.nextLine()).isEqualTo("{\"rid\":3,\"method\":\"explode\",\"args\":[]}");

		this.raw.send("{\"success\":true,\"rid\":2,\"data\":\"error\"}");
		this.raw.send("{\"success\":true,\"rid\":3,\"data\":\"stack\"}");

		assertThat(failureOf(error)).isExactlyInstanceOf(IpcException.class)
			.hasMessageEndingWith(": java.lang.AssertionError: an Error from the application's deserializer")
			.cause()
			.isExactlyInstanceOf(AssertionError.class);
		assertThat(failureOf(overflow)).isExactlyInstanceOf(IpcException.class)
			.cause()
			.isExactlyInstanceOf(StackOverflowError.class);
		this.raw.send("{\"success\":true,\"rid\":1,\"data\":8}");
		assertThat(held.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(8);
		assertThat(this.connection.pendingCalls()).isZero();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void blockingCallWhoseAnswerCannotBeConvertedThrowsInsteadOfWaiting(Transport transport) throws Exception {
		Conversions client = client(transport);
		CompletableFuture<Exploding> blocking = CompletableFuture.supplyAsync(client::explodeNow);
		assertThat(this.raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"explodeNow\",\"args\":[]}");

		this.raw.send("{\"success\":true,\"rid\":1,\"data\":\"error\"}");

		assertThat(failureOf(blocking)).isExactlyInstanceOf(IpcException.class)
			.hasMessageStartingWith("The answer of IPC call 'explodeNow' could not be read as ")
			.cause()
			.isExactlyInstanceOf(AssertionError.class);
		CompletableFuture<Exploding> next = client.explode();
		assertThat(this.raw.nextLine()).isEqualTo("{\"rid\":2,\"method\":\"explode\",\"args\":[]}");
		this.raw.send("{\"success\":true,\"rid\":2,\"data\":\"fine\"}");
		assertThat(next.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Exploding("fine"));
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void blockingProxyNeverWaitsPastItsTimeoutEvenWhenNoAnswerComes(Transport transport) throws Exception {
		this.raw = ClientTestSockets.startScripted(transport.bindAddress(this.directory), "explodeNow");
		this.connection = ClientTestSockets.connection(ClientTestSockets.addressOf(this.raw));
		Conversions client = IpcClientFactory.create(Conversions.class, this.connection,
				new ClientOptions("", Duration.ofMillis(200), Map.of()));

		assertThatExceptionOfType(IpcTimeoutException.class).isThrownBy(client::explodeNow)
			.withMessage("IPC call 'explodeNow' to " + ClientTestSockets.addressOf(this.raw)
					+ " got no answer within 200ms");
	}

}
