package dev.socketipc.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import dev.socketipc.client.TaggedServers.Tagged;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * An {@link IpcConnectionPool} over real servers: connections made lazily, retired ones
 * closed once their calls have ended (never before, unless the drain timeout passes), a
 * returning address given a new connection.
 */
class IpcConnectionPoolTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final ClientOptions OPTIONS = new ClientOptions("", Duration.ofMinutes(1), Map.of());

	private final List<IpcConnection> created = new CopyOnWriteArrayList<>();

	private TaggedServers servers;

	private IpcConnectionPool pool;

	@BeforeEach
	void start() throws Exception {
		this.servers = TaggedServers.start();
		this.pool = pool(Duration.ofMinutes(1));
	}

	@AfterEach
	void stop() throws Exception {
		this.pool.close();
		this.servers.close();
	}

	private IpcConnectionPool pool(Duration drainTimeout) {
		return new IpcConnectionPool((address) -> {
			IpcConnection connection = ClientTestSockets.connection(address);
			this.created.add(connection);
			return connection;
		}, drainTimeout);
	}

	private static Tagged client(IpcConnection connection) {
		return IpcClientFactory.create(Tagged.class, connection, OPTIONS);
	}

	@Test
	void aConnectionIsMadeOnceOnFirstUseAndStartsConnecting() {
		IpcAddress a = this.servers.address("A");
		assertThat(this.created).isEmpty();
		IpcConnection connection = this.pool.get(a);
		assertThat(this.pool.get(a)).isSameAs(connection);
		assertThat(this.created).containsExactly(connection);
		await().atMost(WAIT).until(connection::isReady);
		assertThat(this.pool.connections()).isEqualTo(Map.of(a, connection));
	}

	@Test
	void aRetiredConnectionWithACallInFlightClosesOnlyOnceTheCallIsAnswered() throws Exception {
		IpcConnection connection = this.pool.get(this.servers.address("A"));
		CompletableFuture<String> held = client(connection).hold(1);
		await().atMost(WAIT).until(() -> this.servers.entered.containsKey(1));

		this.pool.retainOnly(List.of(this.servers.address("B")));
		assertThat(this.pool.connections()).isEmpty();
		assertThat(connection.isClosed()).isFalse();
		assertThat(held).isNotDone();

		this.servers.release.countDown();
		assertThat(held.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("A:1");
		await().atMost(WAIT).until(connection::isClosed);
	}

	@Test
	void aRetiredIdleConnectionClosesAtOnce() {
		IpcConnection connection = this.pool.get(this.servers.address("A"));
		assertThat(client(connection).echo(1)).isEqualTo("A:1");
		this.pool.retainOnly(List.of());
		await().atMost(WAIT).until(connection::isClosed);
	}

	@Test
	void aRetiredConnectionClosesAfterTheDrainTimeoutEvenWithCallsLeft() throws Exception {
		this.pool.close();
		this.pool = pool(Duration.ofMillis(200));
		IpcConnection connection = this.pool.get(this.servers.address("A"));
		CompletableFuture<String> held = client(connection).hold(1);
		await().atMost(WAIT).until(() -> this.servers.entered.containsKey(1));

		this.pool.retainOnly(List.of());
		await().atMost(WAIT).until(connection::isClosed);
		assertThat(BalancedClientTest.failureOf(held)).isInstanceOfSatisfying(IpcConnectionException.class,
				(failure) -> assertThat(failure.requestSent()).isTrue());
	}

	@Test
	void anAddressThatComesBackGetsANewConnection() {
		IpcAddress a = this.servers.address("A");
		IpcConnection first = this.pool.get(a);
		this.pool.retainOnly(List.of());
		IpcConnection second = this.pool.get(a);
		assertThat(second).isNotSameAs(first);
		assertThat(client(second).echo(2)).isEqualTo("A:2");
		await().atMost(WAIT).until(first::isClosed);
		assertThat(second.isClosed()).isFalse();
	}

	@Test
	void aRetiredConnectionStaysOpenWhileALeaseIsHeldAndClosesWhenItIsReturned() {
		IpcBalancer.Attempt lease = this.pool.lease(this.servers.address("A"));
		IpcConnection connection = lease.connection();
		this.pool.retainOnly(List.of());
		assertThat(this.pool.connections()).isEmpty();

		assertThat(client(connection).echo(1)).isEqualTo("A:1");
		assertThat(connection.isClosed()).isFalse();
		lease.ended("A:1", null);
		await().atMost(WAIT).until(connection::isClosed);
	}

	@Test
	void aSlowFactoryForOneAddressDoesNotHoldUpLeasesOfAnother() throws Exception {
		this.pool.close();
		IpcAddress slow = this.servers.address("A");
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.pool = new IpcConnectionPool((address) -> {
			if (address.equals(slow)) {
				entered.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return ClientTestSockets.connection(address);
		});
		// Threads of its own: the common pool may have a single thread on a 2-core
		// machine, which the slow lease would hold.
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			CompletableFuture<IpcBalancer.Attempt> slowLease = CompletableFuture
				.supplyAsync(() -> this.pool.lease(slow), threads);
			try {
				assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
				IpcBalancer.Attempt other = CompletableFuture
					.supplyAsync(() -> this.pool.lease(this.servers.address("B")), threads)
					.get(WAIT.toSeconds(), TimeUnit.SECONDS);
				assertThat(client(other.connection()).echo(3)).isEqualTo("B:3");
				assertThat(slowLease).isNotDone();
			}
			finally {
				release.countDown();
			}
			assertThat(client(slowLease.get(WAIT.toSeconds(), TimeUnit.SECONDS).connection()).echo(4)).isEqualTo("A:4");
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void closeClosesEveryConnectionAndRefusesLaterOnes() {
		IpcConnection live = this.pool.get(this.servers.address("A"));
		IpcConnection retired = this.pool.get(this.servers.address("B"));
		CompletableFuture<String> held = client(retired).hold(1);
		await().atMost(WAIT).until(() -> this.servers.entered.containsKey(1));
		this.pool.retainOnly(List.of(this.servers.address("A")));

		this.pool.close();
		assertThat(live.isClosed()).isTrue();
		assertThat(retired.isClosed()).isTrue();
		assertThat(held).isCompletedExceptionally();
		assertThat(this.pool.connections()).isEmpty();
		assertThatIllegalStateException().isThrownBy(() -> this.pool.get(this.servers.address("A")))
			.withMessage("The IPC connection pool is closed; no connection to " + this.servers.address("A"));
	}

}
