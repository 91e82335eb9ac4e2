package dev.socketipc.autoconfigure.own;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.socketipc.server.IpcServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application contexts of one application, left on the default address, started at
 * the same moment in one JVM: both start, on different sockets, and each one's clients
 * reach its own server.
 */
@Timeout(60)
class ConcurrentDefaultAddressContextsTest {

	@Test
	void twoContextsStartedAtOnceBothServe() throws Exception {
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		List<Future<ConfigurableApplicationContext>> starting = new ArrayList<>();
		try {
			for (String greeting : List.of("left", "right")) {
				starting.add(executor.submit(() -> {
					go.await();
					return OwnApplication.run("--greeting=" + greeting);
				}));
			}
			go.countDown();
			try (ConfigurableApplicationContext left = starting.get(0).get(30, TimeUnit.SECONDS);
					ConfigurableApplicationContext right = starting.get(1).get(30, TimeUnit.SECONDS)) {
				assertThat(left.getBean(IpcServer.class).address())
					.isNotEqualTo(right.getBean(IpcServer.class).address());
				assertThat(left.getBean(GreeterClient.class).greet("l")).isEqualTo("left l");
				assertThat(right.getBean(GreeterClient.class).greet("r")).isEqualTo("right r");
			}
		}
		finally {
			// when one context failed to start (or the assertions failed), the other may
			// still be starting: wait for it and close it, so that it does not outlive
			// the
			// test holding its socket
			for (Future<ConfigurableApplicationContext> context : starting) {
				closeWhenStarted(context);
			}
			executor.shutdownNow();
		}
	}

	private static void closeWhenStarted(Future<ConfigurableApplicationContext> starting) {
		try {
			starting.get(30, TimeUnit.SECONDS).close();
		}
		catch (ExecutionException ex) {
			// it failed to start: nothing to close
		}
		catch (TimeoutException ex) {
			starting.cancel(true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			starting.cancel(true);
		}
	}

}
