package dev.socketipc.autoconfigure.loadbalancer;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.autoconfigure.loadbalancer.app.LbApplication;
import dev.socketipc.autoconfigure.loadbalancer.app.LbCalc;
import dev.socketipc.client.IpcConnectionException;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryProperties;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an {@code lb://calc} client does when an instance dies, comes back or leaves the
 * list: calls in flight on a dead instance fail with an {@link IpcConnectionException},
 * calls not yet written go to the others, every call ends within its timeout and gets its
 * own answer; an instance back on its port is used again; the connection to an instance
 * that left the list closes once its calls ended; an idempotent call lost mid-call is
 * made again on another instance, any other is not.
 */
@Timeout(120)
class LoadBalancedFailoverTest {

	/** {@code ipc.client.timeout} of {@link LbApplication}, plus a generous margin. */
	private static final long BOUND_SECONDS = 5 + 5;

	private CalcInstances instances;

	private ConfigurableApplicationContext context;

	private LbCalc calc;

	@BeforeEach
	void start() throws IOException {
		this.instances = CalcInstances.start(3);
		this.context = LbApplication.run(List.of(this.instances.discovery()));
		this.calc = this.context.getBean(LbCalc.class);
	}

	@AfterEach
	void stop() throws IOException {
		this.context.close();
		this.instances.close();
	}

	@Test
	void killedInstanceFailsItsCallsInFlightAndLaterCallsGoToTheOthers() throws Exception {
		this.instances.services().forEach(TaggedCalc::holdCalls);
		List<CompletableFuture<String>> held = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			held.add(this.calc.holdAsync("h" + i));
		}
		for (TaggedCalc service : this.instances.services()) {
			assertThat(service.awaitArrived(10)).as("10 calls held by %s", service.id()).isTrue();
		}

		this.instances.kill(0);
		this.instances.service(1).release();
		this.instances.service(2).release();

		int lost = 0;
		for (int i = 0; i < held.size(); i++) {
			try {
				String answer = held.get(i).get(BOUND_SECONDS, TimeUnit.SECONDS);
				assertThat(answer).matches("s[12]:h" + i);
			}
			catch (ExecutionException ex) {
				assertThat(ex.getCause()).isInstanceOf(IpcConnectionException.class);
				assertThat(((IpcConnectionException) ex.getCause()).requestSent()).isTrue();
				lost++;
			}
		}
		assertThat(lost).as("the calls held by the killed instance").isEqualTo(10);
		for (int i = 0; i < 30; i++) {
			assertThat(this.calc.echo("e" + i)).matches("s[12]:e" + i);
		}
	}

	@Test
	void callsNotYetWrittenToAKilledInstanceGoToTheOthersWithinTheirTimeout() throws Exception {
		this.instances.kill(0);
		List<CompletableFuture<String>> calls = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			calls.add(this.calc.holdAsync("n" + i));
		}
		for (int i = 0; i < calls.size(); i++) {
			assertThat(calls.get(i).get(BOUND_SECONDS, TimeUnit.SECONDS)).matches("s[12]:n" + i);
		}
		assertThat(this.instances.service(0).calls()).isZero();
	}

	@Test
	void restartedInstanceIsCalledAgain() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.calc.echo("warm" + i);
		}
		this.instances.kill(0);
		for (int i = 0; i < 6; i++) {
			assertThat(this.calc.echo("k" + i)).matches("s[12]:k" + i);
		}
		int before = this.instances.service(0).calls();

		this.instances.restart(0);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(this.calc.echo("r")).matches("s[012]:r");
			assertThat(this.instances.service(0).calls()).isGreaterThan(before);
		});
	}

	@Test
	void instanceRemovedFromTheListHasItsConnectionClosedOnceItsCallsEnded() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.calc.echo("warm" + i);
		}
		assertThat(this.instances.server(0).connectionCount()).isOne();
		this.instances.service(0).holdCalls();
		CompletableFuture<String> held = null;
		for (int i = 0; i < 3 && held == null; i++) {
			CompletableFuture<String> call = this.calc.holdAsync("x" + i);
			if (this.instances.service(0).awaitArrived(1) || call.isDone()) {
				held = call;
			}
		}
		IpcAddress removed = new IpcAddress.Tcp("localhost", this.instances.port(0));

		List<InstanceProperties> listed = listed(this.context);
		listed.removeIf((instance) -> instance.getUri().getPort() == this.instances.port(0));

		await().atMost(Duration.ofSeconds(10))
			.until(() -> !this.context.getBean(IpcClientRegistry.class)
				.balancers()
				.get("calc")
				.connections()
				.containsKey(removed));
		assertThat(held).isNotNull().isNotDone();
		assertThat(this.instances.server(0).connectionCount()).as("open while a call is in flight").isOne();

		this.instances.service(0).release();

		assertThat(held.get(BOUND_SECONDS, TimeUnit.SECONDS)).startsWith("s0:x");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.instances.server(0).connectionCount() == 0);
		for (int i = 0; i < 10; i++) {
			assertThat(this.calc.echo("after" + i)).matches("s[12]:after" + i);
		}
		InstanceProperties back = new InstanceProperties();
		back.setServiceId("calc");
		back.setUri(URI.create("tcp://localhost:" + this.instances.port(0)));
		listed.add(back);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.calc.echo("back").startsWith("s0:"));
	}

	@Test
	void idempotentMethodLostMidCallIsMadeAgainOnAnotherInstance() throws Exception {
		assertRetriedElsewhere(this.calc::holdIdempotent);
	}

	@Test
	void methodNamedInIdempotentMethodsIsMadeAgainOnAnotherInstance() throws Exception {
		this.context.close();
		this.context = LbApplication
			.run(concat(this.instances.discovery(), "ipc.client.servers.calc.idempotent-methods=holdAgain"));
		this.calc = this.context.getBean(LbCalc.class);
		assertRetriedElsewhere(this.calc::holdAgain);
	}

	@Test
	void otherMethodLostMidCallIsNotMadeAgain() throws Exception {
		this.instances.services().forEach(TaggedCalc::holdCalls);
		CompletableFuture<String> call = this.calc.holdAsync("once");
		int index = heldBy();
		releaseAllBut(index);

		this.instances.kill(index);

		assertThat(call).failsWithin(Duration.ofSeconds(BOUND_SECONDS))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOfSatisfying(IpcConnectionException.class, (ex) -> assertThat(ex.requestSent()).isTrue());
		int calls = 0;
		for (TaggedCalc service : this.instances.services()) {
			calls += service.calls();
		}
		assertThat(calls).as("calls that reached an instance").isOne();
	}

	private void assertRetriedElsewhere(java.util.function.Function<String, CompletableFuture<String>> method)
			throws Exception {
		this.instances.services().forEach(TaggedCalc::holdCalls);
		CompletableFuture<String> call = method.apply("again");
		int index = heldBy();
		releaseAllBut(index);

		this.instances.kill(index);

		String answer = call.get(BOUND_SECONDS, TimeUnit.SECONDS);
		assertThat(answer).endsWith(":again").isNotEqualTo("s" + index + ":again");
		assertThat(this.instances.service(index).calls()).isOne();
	}

	/** Waits until one instance holds the call, and returns its index. */
	private int heldBy() {
		int[] index = new int[1];
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			for (int i = 0; i < 3; i++) {
				if (this.instances.service(i).arrivedNow() == 1) {
					index[0] = i;
					return true;
				}
			}
			return false;
		});
		return index[0];
	}

	private void releaseAllBut(int index) {
		for (int i = 0; i < 3; i++) {
			if (i != index) {
				this.instances.service(i).release();
			}
		}
	}

	/**
	 * Returns the live static list of {@code calc}: the reactive simple discovery
	 * client's when it exists (Spring Cloud uses it first), else the blocking one's (this
	 * classpath has no WebFlux, so the latter).
	 */
	static List<InstanceProperties> listed(ConfigurableApplicationContext context) {
		SimpleReactiveDiscoveryProperties reactive = context.getBeanProvider(SimpleReactiveDiscoveryProperties.class)
			.getIfAvailable();
		return (reactive != null) ? reactive.getInstances("calc")
				: context.getBean(SimpleDiscoveryProperties.class).getInstances().get("calc");
	}

	private static List<String> concat(String[] properties, String more) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add(more);
		return all;
	}

}
