package dev.socketipc.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.client.TaggedServers.Tagged;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Races of a balanced call with the pool and with its caller: a connection an attempt
 * holds is not closed by retiring it between the choice and the call, and cancelling the
 * call's future stops it as it stops a call on one connection.
 */
class BalancedCallRaceTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private TaggedServers servers;

	private RoundRobinBalancer balancer;

	@BeforeEach
	void start() throws Exception {
		this.servers = TaggedServers.start();
	}

	@AfterEach
	void stop() throws Exception {
		if (this.balancer != null) {
			this.balancer.close();
		}
		this.servers.close();
	}

	@Test
	void aConnectionRetiredBetweenTheChoiceAndTheCallStaysOpenUntilTheAttemptEnded() throws Exception {
		IpcAddress a = this.servers.address("A");
		AtomicBoolean retire = new AtomicBoolean();
		IpcConnection[] held = new IpcConnection[1];
		IpcClientInterceptor retiring = (call, next) -> {
			if (retire.getAndSet(false)) {
				held[0] = this.balancer.pool.connections().get(a);
				this.balancer.addresses(List.of(this.servers.address("B")));
				try {
					// time for a wrong close to happen; with the attempt's lease none
					// does
					await().atMost(Duration.ofSeconds(2)).until(held[0]::isClosed);
				}
				catch (ConditionTimeoutException expected) {
				}
			}
			return next.proceed(call);
		};
		this.balancer = new RoundRobinBalancer(List.of(a), 0);
		Tagged client = IpcClientFactory.create(Tagged.class, this.balancer, this.balancer.codec(),
				new ClientOptions("", WAIT, Map.of(), false, "", List.of(retiring)));
		assertThat(client.echo(1)).isEqualTo("A:1");
		retire.set(true);

		assertThat(client.echo(2)).isEqualTo("A:2");
		await().atMost(WAIT).until(held[0]::isClosed);
		assertThat(this.balancer.pool.connections()).isEmpty();
	}

	@Test
	void cancellingTheCallCancelsItsRunningAttempt() throws Exception {
		this.balancer = new RoundRobinBalancer(List.of(this.servers.address("A")), 1);
		Tagged client = IpcClientFactory.create(Tagged.class, this.balancer, this.balancer.codec(),
				new ClientOptions("", WAIT, Map.of()));
		CompletableFuture<String> call = client.hold(9);
		await().atMost(WAIT).until(() -> this.servers.entered.containsKey(9));

		assertThat(call.cancel(true)).isTrue();
		await().atMost(WAIT).until(() -> this.balancer.ended.size() == 1);
		assertThat(this.balancer.ended.get(0).failure()).isInstanceOf(CancellationException.class);
		assertThat(this.balancer.endedTwice).hasValue(0);
	}

	@Test
	void aCallCancelledAfterANotSentAttemptIsNotMadeOnAnotherServer() throws Exception {
		IpcAddress refused = new IpcAddress.Tcp("127.0.0.1", SocketPaths.freePort());
		RoundRobinBalancer roundRobin = new RoundRobinBalancer(List.of(refused, this.servers.address("A")), 1);
		this.balancer = roundRobin;
		CompletableFuture<Void> gate = new CompletableFuture<>();
		IpcBalancer gated = new IpcBalancer() {

			@Override
			public Call newCall(String method) {
				Call delegate = roundRobin.newCall(method);
				return (avoid) -> avoid.isEmpty() ? delegate.choose(avoid)
						: gate.thenCompose((ignored) -> delegate.choose(avoid));
			}

			@Override
			public int maxRetriesOnNextServer() {
				return 1;
			}

			@Override
			public String describe() {
				return "lb://gated";
			}

		};
		Tagged client = IpcClientFactory.create(Tagged.class, gated, roundRobin.codec(),
				new ClientOptions("", WAIT, Map.of()));
		CompletableFuture<String> call = client.hold(7);
		await().atMost(WAIT).until(() -> roundRobin.ended.size() == 1);
		assertThat(call.cancel(true)).isTrue();

		gate.complete(null);
		await().atMost(WAIT).until(() -> roundRobin.ended.size() == 2);
		assertThat(roundRobin.ended.get(1).address()).isEqualTo(this.servers.address("A"));
		assertThat(roundRobin.ended.get(1).failure()).isInstanceOf(CancellationException.class)
			.hasMessage("IPC call 'hold' was cancelled before its attempt was made");
		IpcConnection a = roundRobin.pool.connections().get(this.servers.address("A"));
		assertThat(a.pendingCalls() + a.waitingCalls()).isZero();
		// a later call on the same server is the first it runs
		CompletableFuture<String> next = client.hold(8);
		await().atMost(WAIT).until(() -> this.servers.entered.containsKey(8));
		assertThat(this.servers.entered).doesNotContainKey(7);
		this.servers.release.countDown();
		assertThat(next.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("A:8");
	}

	@Test
	void aStreamCancelledAsItsNotSentAttemptEndsIsNotMadeAgain() {
		IpcConnection closed = ClientTestSockets.connection(this.servers.address("A"));
		closed.close();
		RecordingSubscriber<String> subscriber = new RecordingSubscriber<>(1);
		AtomicInteger choices = new AtomicInteger();
		List<Throwable> endedWith = new CopyOnWriteArrayList<>();
		IpcBalancer cancelling = new IpcBalancer() {

			@Override
			public Call newCall(String method) {
				return (avoid) -> {
					choices.incrementAndGet();
					return CompletableFuture.completedFuture(new Attempt() {

						@Override
						public IpcConnection connection() {
							return closed;
						}

						@Override
						public void ended(Object result, Throwable failure) {
							endedWith.add(failure);
							subscriber.cancel();
						}

					});
				};
			}

			@Override
			public String describe() {
				return "lb://cancelling";
			}

		};
		Tagged client = IpcClientFactory.create(Tagged.class, cancelling, WireCodec.create(),
				new ClientOptions("", WAIT, Map.of()));

		// a closed connection fails the attempt as not sent on this thread, so all is
		// decided when subscribe returns
		client.letters(3).subscribe(subscriber);
		assertThat(choices).hasValue(1);
		assertThat(endedWith).singleElement()
			.isInstanceOfSatisfying(IpcConnectionException.class,
					(failure) -> assertThat(failure.requestSent()).isFalse());
	}

}
