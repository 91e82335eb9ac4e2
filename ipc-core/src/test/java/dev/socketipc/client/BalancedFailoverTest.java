package dev.socketipc.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.socketipc.client.TaggedServers.Tagged;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * How a balanced proxy survives a server's death: calls in flight on it fail (unless
 * idempotent, then they are made again elsewhere), calls made after go to the others,
 * retries are bounded, and every call ends within its one timeout with its own answer.
 */
class BalancedFailoverTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Duration GRACE = Duration.ofSeconds(5);

	private static final ClientOptions OPTIONS = new ClientOptions("", TIMEOUT, Map.of());

	private TaggedServers servers;

	private RoundRobinBalancer balancer;

	private final List<ScriptedServer> scripted = new ArrayList<>();

	@BeforeEach
	void startServers() throws Exception {
		this.servers = TaggedServers.start();
	}

	@AfterEach
	void stop() throws Exception {
		if (this.balancer != null) {
			this.balancer.close();
		}
		for (ScriptedServer server : this.scripted) {
			server.close();
		}
		this.servers.close();
	}

	private Tagged client(List<IpcAddress> addresses, int maxRetries, ClientOptions options) {
		this.balancer = new RoundRobinBalancer(addresses, maxRetries);
		return IpcClientFactory.create(Tagged.class, this.balancer, this.balancer.codec(), options);
	}

	private static IpcAddress refusedAddress() throws Exception {
		return new IpcAddress.Tcp("127.0.0.1", SocketPaths.freePort());
	}

	/** Makes six held calls, two per server, and waits until each server runs its two. */
	private List<CompletableFuture<String>> holdTwoPerServer(Tagged client, boolean idempotent) {
		List<CompletableFuture<String>> calls = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			calls.add(idempotent ? client.holdAgain(i) : client.hold(i));
		}
		await().atMost(TIMEOUT).until(() -> this.servers.entered.size() == 6);
		return calls;
	}

	@Test
	void aDeadServersCallsInFlightFailAsSentAndLaterCallsGoToTheOthers() throws Exception {
		Tagged client = client(this.servers.addresses(), 1, OPTIONS);
		List<CompletableFuture<String>> held = holdTwoPerServer(client, false);
		Map<Integer, String> where = Map.copyOf(this.servers.entered);

		this.servers.kill("B");
		for (int i = 0; i < 6; i++) {
			if (where.get(i).equals("B")) {
				assertThat(BalancedClientTest.failureOf(held.get(i)))
					.isInstanceOfSatisfying(IpcConnectionException.class,
							(failure) -> assertThat(failure.requestSent()).isTrue())
					.hasMessage("IPC call 'hold' failed: the connection to " + this.servers.address("B")
							+ " was lost before the answer came; it was not resent");
			}
		}
		for (int i = 100; i < 130; i++) {
			String answer = client.echo(i);
			assertThat(answer).isIn("A:" + i, "C:" + i);
		}
		this.servers.release.countDown();
		for (int i = 0; i < 6; i++) {
			if (!where.get(i).equals("B")) {
				assertThat(held.get(i).get(TIMEOUT.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS))
					.isEqualTo(where.get(i) + ":" + i);
			}
		}
		assertThat(this.balancer.endedTwice).hasValue(0);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void anIdempotentCallLostWithItsServerIsMadeAgainOnAnother(boolean annotated) throws Exception {
		// holdAgain is @IpcMethod(idempotent = true); hold is named in the options
		Tagged client = client(this.servers.addresses(), 1,
				annotated ? OPTIONS : OPTIONS.withIdempotentMethods(Set.of("hold")));
		List<CompletableFuture<String>> held = holdTwoPerServer(client, annotated);
		Map<Integer, String> where = Map.copyOf(this.servers.entered);
		List<Integer> onB = where.entrySet()
			.stream()
			.filter((e) -> e.getValue().equals("B"))
			.map(Map.Entry::getKey)
			.toList();
		assertThat(onB).hasSize(2);

		this.servers.kill("B");
		await().atMost(TIMEOUT).until(() -> onB.stream().noneMatch((n) -> this.servers.entered.get(n).equals("B")));
		this.servers.release.countDown();
		for (int i = 0; i < 6; i++) {
			String answer = held.get(i).get(TIMEOUT.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
			assertThat(answer).isEqualTo(this.servers.entered.get(i) + ":" + i).doesNotStartWith("B:");
		}
		assertThat(this.balancer.ended).filteredOn((ended) -> ended.failure() != null)
			.hasSize(2)
			.allSatisfy((ended) -> {
				assertThat(ended.address()).isEqualTo(this.servers.address("B"));
				assertThat(ended.failure()).isInstanceOfSatisfying(IpcConnectionException.class,
						(failure) -> assertThat(failure.requestSent()).isTrue());
			});
		assertThat(this.balancer.endedTwice).hasValue(0);
	}

	@Test
	void noRetryWhenMaxRetriesIsZero() throws Exception {
		IpcAddress refused = refusedAddress();
		Tagged client = client(List.of(refused, this.servers.address("A")), 0, OPTIONS);
		assertThatExceptionOfType(IpcConnectionException.class).isThrownBy(() -> client.echo(1))
			.withMessageStartingWith("IPC call 'echo' not sent: the server at " + refused + " is unavailable")
			.satisfies((failure) -> assertThat(failure.requestSent()).isFalse());
		assertThat(this.balancer.ended).extracting(RoundRobinBalancer.Ended::address).containsExactly(refused);
	}

	@Test
	void retriesStopAtMaxRetriesOnNextServer() throws Exception {
		IpcAddress first = refusedAddress();
		IpcAddress second = refusedAddress();
		Tagged client = client(List.of(first, second), 2, OPTIONS);
		assertThatExceptionOfType(IpcConnectionException.class).isThrownBy(() -> client.echo(1))
			.satisfies((failure) -> assertThat(failure.requestSent()).isFalse());
		assertThat(this.balancer.ended).extracting(RoundRobinBalancer.Ended::address)
			.hasSize(3)
			.startsWith(first, second);
		assertThat(this.balancer.endedTwice).hasValue(0);
	}

	@Test
	void aRetryGetsOnlyTheTimeTheCallHasLeft() throws Exception {
		Duration timeout = Duration.ofSeconds(6);
		ScriptedServer dropping = scripted();
		ScriptedServer silent = scripted();
		Tagged client = client(List.of(ClientTestSockets.addressOf(dropping), ClientTestSockets.addressOf(silent)), 1,
				new ClientOptions("", timeout, Map.of()));
		CompletableFuture<String> call = client.holdAgain(1);
		assertThat(dropping.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"holdAgain\",\"args\":[1]}");
		// Most of the timeout passes on the first server before it drops the call.
		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> call.get(4500, TimeUnit.MILLISECONDS));
		dropping.dropConnection();
		assertThat(silent.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"holdAgain\",\"args\":[1]}");
		// A full new timeout would end the call 6 s from now; the time left ends it in
		// about 1.5 s.
		assertThat(BalancedClientTest.failureOf(call, Duration.ofMillis(4500)))
			.isExactlyInstanceOf(IpcTimeoutException.class);
		assertThat(this.balancer.ended).extracting(RoundRobinBalancer.Ended::failure)
			.hasExactlyElementsOfTypes(IpcConnectionException.class, IpcTimeoutException.class);
	}

	private ScriptedServer scripted() throws Exception {
		ScriptedServer server = ClientTestSockets.startScripted(new IpcAddress.Tcp("127.0.0.1", 0), "holdAgain");
		this.scripted.add(server);
		return server;
	}

}
