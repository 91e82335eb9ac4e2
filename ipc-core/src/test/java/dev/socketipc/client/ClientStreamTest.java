package dev.socketipc.client;

import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.stream.IntStream;

import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.testsupport.ScriptedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link IpcConnection#stream}: {@code "stream":true} to a server that lists
 * {@code stream}, items on demand then the final answer, errors after items,
 * {@code cancel}, the array answer of a seed server published item by item, a subscriber
 * that falls behind, the idle timeout and the connection's loss.
 */
class ClientStreamTest {

	static final Duration WAIT = Duration.ofSeconds(10);

	static final String STREAM_REGISTER = "{\"action\":\"register\",\"methods\":[\"count\",\"add\"],\"protocol\":1,"
			+ "\"features\":[\"ping\",\"meta\",\"events\",\"stream\"],\"topics\":[]}";

	static final String SEED_REGISTER = "{\"action\":\"register\",\"methods\":[\"count\"]}";

	static final JavaType INTEGER = JsonMapper.shared().constructType(Integer.class);

	@RegisterExtension
	final ClientSocketsFixture sockets = new ClientSocketsFixture();

	@ParameterizedTest
	@EnumSource(Transport.class)
	void itemsArriveInOrderThenTheFinalAnswerCompletes(Transport transport) throws Exception {
		ScriptedServer raw = this.sockets.start(transport, STREAM_REGISTER);
		IpcConnection connection = this.sockets.connect(raw);
		Flow.Publisher<Object> count = connection.stream("count", new Object[] { 3 }, INTEGER, WAIT);
		assertThat(raw.nextLineWithin(Duration.ofMillis(200))).as("nothing is sent before a subscriber").isNull();
		RecordingSubscriber<Object> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);

		count.subscribe(subscriber);

		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"count\",\"args\":[3],\"stream\":true}");
		raw.send("{\"action\":\"next\",\"rid\":1,\"data\":1}");
		raw.send("{\"action\":\"next\",\"rid\":1,\"data\":2}");
		raw.send("{\"action\":\"next\",\"rid\":1,\"data\":3}");
		raw.send("{\"success\":true,\"rid\":1,\"data\":null}");
		subscriber.awaitTermination();
		assertThat(subscriber.items).containsExactly(1, 2, 3);
		assertThat(subscriber.completed).isTrue();
		assertThat(connection.pendingCalls()).isZero();
	}

	@Test
	void itemsWaitForTheSubscribersDemand() throws Exception {
		ScriptedServer raw = this.sockets.start(Transport.UNIX, STREAM_REGISTER);
		IpcConnection connection = this.sockets.connect(raw);
		RecordingSubscriber<Object> subscriber = new RecordingSubscriber<>(1);
		connection.stream("count", new Object[] { 3 }, INTEGER, WAIT).subscribe(subscriber);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"count\",\"args\":[3],\"stream\":true}");
		raw.send("{\"action\":\"next\",\"rid\":1,\"data\":1}");
		raw.send("{\"action\":\"next\",\"rid\":1,\"data\":2}");
		raw.send("{\"action\":\"next\",\"rid\":1,\"data\":3}");
		raw.send("{\"success\":true,\"rid\":1,\"data\":null}");
		await().atMost(WAIT).until(() -> connection.pendingCalls() == 0);

		assertThat(subscriber.items).containsExactly(1);
		assertThat(subscriber.completed).isFalse();
		subscriber.request(1);
		assertThat(subscriber.items).containsExactly(1, 2);
		subscriber.request(5);
		subscriber.awaitTermination();
		assertThat(subscriber.items).containsExactly(1, 2, 3);
		assertThat(subscriber.completed).isTrue();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aFailureAfterItemsFailsTheStreamAfterThem(Transport transport) throws Exception {
		ScriptedServer raw = this.sockets.start(transport, STREAM_REGISTER);
		IpcConnection connection = this.sockets.connect(raw);
		RecordingSubscriber<Object> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
		connection.stream("count", new Object[] { 3 }, INTEGER, WAIT).subscribe(subscriber);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"count\",\"args\":[3],\"stream\":true}");
		raw.send("{\"action\":\"next\",\"rid\":1,\"data\":1}");
		raw.send("{\"success\":false,\"rid\":1,\"error\":\"disk full\",\"code\":\"SERVICE_ERROR\"}");

		subscriber.awaitTermination();
		assertThat(subscriber.items).containsExactly(1);
		assertThat(subscriber.error).isInstanceOf(IpcRemoteException.class)
			.hasMessage("IPC method 'count' failed with SERVICE_ERROR: disk full");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void cancellingSendsCancelAndForgetsTheRid(Transport transport) throws Exception {
		ScriptedServer raw = this.sockets.start(transport, STREAM_REGISTER);
		IpcConnection connection = this.sockets.connect(raw);
		RecordingSubscriber<Object> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
		connection.stream("count", new Object[] { 100 }, INTEGER, WAIT).subscribe(subscriber);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"count\",\"args\":[100],\"stream\":true}");
		raw.send("{\"action\":\"next\",\"rid\":1,\"data\":1}");
		subscriber.awaitItems(1);

		subscriber.cancel();
		subscriber.cancel();

		assertThat(raw.nextLine()).isEqualTo("{\"action\":\"cancel\",\"rid\":1}");
		assertThat(connection.pendingCalls()).isZero();
		raw.send("{\"action\":\"next\",\"rid\":1,\"data\":2}");
		raw.send("{\"success\":false,\"rid\":1,\"error\":\"cancelled\",\"code\":\"CANCELLED\"}");
		assertThat(ClientEventsTest.add(connection, raw, 2)).isEqualTo(3);
		assertThat(subscriber.items).containsExactly(1);
		assertThat(subscriber.error).isNull();
		assertThat(subscriber.completed).isFalse();
		assertThat(raw.nextLineWithin(Duration.ofMillis(200))).as("one cancel only").isNull();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aSeedServerGetsAnOrdinaryCallWhoseArrayIsPublishedItemByItem(Transport transport) throws Exception {
		ScriptedServer raw = this.sockets.start(transport, SEED_REGISTER);
		IpcConnection connection = this.sockets.connect(raw);
		RecordingSubscriber<Object> subscriber = new RecordingSubscriber<>(2);
		connection.stream("count", new Object[] { 3 }, INTEGER, WAIT).subscribe(subscriber);

		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"count\",\"args\":[3]}");
		raw.send("{\"success\":true,\"rid\":1,\"data\":[1,2,3]}");
		subscriber.awaitItems(2);
		assertThat(subscriber.completed).isFalse();
		subscriber.cancel();

		assertThat(raw.nextLineWithin(Duration.ofMillis(200))).as("no cancel to a seed server").isNull();
		assertThat(subscriber.items).containsExactly(1, 2);
	}

	@Test
	void aSeedServersAnswerThatIsNoArrayIsOneItemAndNullIsNone() throws Exception {
		ScriptedServer raw = this.sockets.start(Transport.UNIX, SEED_REGISTER);
		IpcConnection connection = this.sockets.connect(raw);
		RecordingSubscriber<Object> one = new RecordingSubscriber<>(Long.MAX_VALUE);
		RecordingSubscriber<Object> none = new RecordingSubscriber<>(Long.MAX_VALUE);
		connection.stream("count", new Object[] { 1 }, INTEGER, WAIT).subscribe(one);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"count\",\"args\":[1]}");
		raw.send("{\"success\":true,\"rid\":1,\"data\":7}");
		connection.stream("count", null, INTEGER, WAIT).subscribe(none);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":2,\"method\":\"count\",\"args\":[]}");
		raw.send("{\"success\":true,\"rid\":2,\"data\":null}");

		one.awaitTermination();
		none.awaitTermination();
		assertThat(one.items).containsExactly(7);
		assertThat(one.completed).isTrue();
		assertThat(none.items).isEmpty();
		assertThat(none.completed).isTrue();
	}

	@Test
	void aSeedServersLargeArrayIsPublishedWhole() throws Exception {
		ScriptedServer raw = this.sockets.start(Transport.UNIX, SEED_REGISTER);
		IpcConnection connection = this.sockets.connect(raw);
		RecordingSubscriber<Object> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
		connection.stream("count", new Object[] { 5000 }, INTEGER, WAIT).subscribe(subscriber);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"count\",\"args\":[5000]}");

		raw.send("{\"success\":true,\"rid\":1,\"data\":"
				+ IntStream.rangeClosed(1, 5000).boxed().toList().toString().replace(" ", "") + "}");

		subscriber.awaitTermination();
		assertThat(subscriber.items).hasSize(5000).startsWith(1, 2).endsWith(5000);
		assertThat(subscriber.completed).isTrue();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aSubscriberThatFallsBehindFailsTheStreamWhichIsCancelled(Transport transport) throws Exception {
		ScriptedServer raw = this.sockets.start(transport, STREAM_REGISTER);
		IpcConnection connection = this.sockets.connect(raw);
		RecordingSubscriber<Object> subscriber = new RecordingSubscriber<>(1);
		connection.stream("count", new Object[] { 5000 }, INTEGER, WAIT).subscribe(subscriber);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"count\",\"args\":[5000],\"stream\":true}");

		for (int i = 1; i <= ItemBuffer.CAPACITY + 2; i++) {
			raw.send("{\"action\":\"next\",\"rid\":1,\"data\":" + i + "}");
		}

		subscriber.awaitTermination();
		assertThat(subscriber.items).containsExactly(1);
		assertThat(subscriber.error).isInstanceOf(IpcException.class)
			.hasMessage("The subscriber of IPC stream 'count' fell behind by more than 1024 items; the stream was "
					+ "cancelled");
		assertThat(raw.nextLine()).isEqualTo("{\"action\":\"cancel\",\"rid\":1}");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void theTimeoutRunsAgainFromEachItem(Transport transport) throws Exception {
		ScriptedServer raw = this.sockets.start(transport, STREAM_REGISTER);
		IpcConnection connection = this.sockets.connect(raw);
		RecordingSubscriber<Object> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
		Duration timeout = Duration.ofMillis(300);
		connection.stream("count", new Object[] { 3 }, INTEGER, timeout).subscribe(subscriber);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"count\",\"args\":[3],\"stream\":true}");
		raw.send("{\"action\":\"next\",\"rid\":1,\"data\":1}");

		subscriber.awaitTermination();
		assertThat(subscriber.items).containsExactly(1);
		assertThat(subscriber.error).isInstanceOf(IpcTimeoutException.class)
			.hasMessage("IPC call 'count' to " + connection.address() + " got no item or final answer within 300ms");
		assertThat(raw.nextLine()).isEqualTo("{\"action\":\"cancel\",\"rid\":1}");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void losingTheConnectionFailsTheStream(Transport transport) throws Exception {
		ScriptedServer raw = this.sockets.start(transport, STREAM_REGISTER);
		IpcConnection connection = this.sockets.connect(raw);
		RecordingSubscriber<Object> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
		connection.stream("count", new Object[] { 3 }, INTEGER, WAIT).subscribe(subscriber);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"count\",\"args\":[3],\"stream\":true}");
		raw.send("{\"action\":\"next\",\"rid\":1,\"data\":1}");
		subscriber.awaitItems(1);

		raw.dropConnection();

		subscriber.awaitTermination();
		assertThat(subscriber.items).containsExactly(1);
		assertThat(subscriber.error).isInstanceOf(IpcConnectionException.class)
			.hasMessageContaining("IPC call 'count' failed: the connection to " + connection.address() + " was lost");
	}

	@Test
	void aNonPositiveRequestFailsTheStreamAndCancelsIt() throws Exception {
		ScriptedServer raw = this.sockets.start(Transport.UNIX, STREAM_REGISTER);
		IpcConnection connection = this.sockets.connect(raw);
		RecordingSubscriber<Object> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
		connection.stream("count", new Object[] { 3 }, INTEGER, WAIT).subscribe(subscriber);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"count\",\"args\":[3],\"stream\":true}");

		subscriber.request(0);

		subscriber.awaitTermination();
		assertThat(subscriber.error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("§3.9");
		assertThat(raw.nextLine()).isEqualTo("{\"action\":\"cancel\",\"rid\":1}");
	}

	@Test
	void aNullItemFailsTheStream() throws Exception {
		ScriptedServer raw = this.sockets.start(Transport.UNIX, STREAM_REGISTER);
		IpcConnection connection = this.sockets.connect(raw);
		RecordingSubscriber<Object> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
		connection.stream("count", new Object[] { 3 }, INTEGER, WAIT).subscribe(subscriber);
		assertThat(raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"count\",\"args\":[3],\"stream\":true}");

		raw.send("{\"action\":\"next\",\"rid\":1,\"data\":null}");

		subscriber.awaitTermination();
		assertThat(subscriber.error).isInstanceOf(IpcException.class)
			.hasMessage("IPC stream 'count' sent a null item, which a Flow.Publisher cannot emit (Reactive Streams "
					+ "§2.13)");
		assertThat(raw.nextLine()).isEqualTo("{\"action\":\"cancel\",\"rid\":1}");
	}

}
