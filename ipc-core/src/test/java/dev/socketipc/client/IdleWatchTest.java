package dev.socketipc.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IdleWatch}: a count of the unended calls of a retired connection, so that the
 * end of each call costs the same however many are left.
 */
class IdleWatchTest {

	private final AtomicInteger hookRuns = new AtomicInteger();

	private final IdleWatch watch = new IdleWatch(this.hookRuns::incrementAndGet);

	@Test
	void theHookRunsWhenTheLastWatchedCallEndsNotBefore() {
		CompletableFuture<Object> first = new CompletableFuture<>();
		CompletableFuture<Object> second = new CompletableFuture<>();
		this.watch.watch(first);
		this.watch.watch(second);
		this.watch.watch(CompletableFuture.completedFuture("ended already"));
		assertThat(this.watch.watched()).isFalse();

		first.complete("answer");
		assertThat(this.hookRuns).hasValue(0);
		assertThat(this.watch.isIdle()).isFalse();
		second.completeExceptionally(new IllegalStateException("lost"));
		assertThat(this.hookRuns).hasValue(1);
		assertThat(this.watch.isIdle()).isTrue();
	}

	@Test
	void theFirstWalkDoesNotRunTheHookButSaysWhetherNoCallIsLeft() {
		this.watch.watch(CompletableFuture.completedFuture("ended already"));
		assertThat(this.watch.watched()).isTrue();
		assertThat(this.hookRuns).hasValue(0);
	}

	@Test
	void aCallStartedAfterTheConnectionWentIdleRunsTheHookAgainWhenItEnds() {
		assertThat(this.watch.watched()).isTrue();
		CompletableFuture<Object> late = new CompletableFuture<>();
		this.watch.watch(late);
		assertThat(this.watch.isIdle()).isFalse();
		late.cancel(false);
		assertThat(this.hookRuns).hasValue(1);
	}

}
