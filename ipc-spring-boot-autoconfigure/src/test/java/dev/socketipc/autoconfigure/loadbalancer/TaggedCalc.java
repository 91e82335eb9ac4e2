package dev.socketipc.autoconfigure.loadbalancer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service of one test instance: every answer starts with the instance's id, so a test
 * sees which instance answered and that the answer is the one for its argument;
 * {@code hold} and {@code holdAgain} wait (while holding is on) until released, so that
 * calls can be in flight when the instance dies.
 */
public class TaggedCalc implements CalcMethods {

	private final String id;

	private final AtomicInteger calls = new AtomicInteger();

	private final Semaphore arrived = new Semaphore(0);

	private final CountDownLatch release = new CountDownLatch(1);

	private volatile boolean holding;

	TaggedCalc(String id) {
		this.id = id;
	}

	@Override
	public String echo(String text) {
		this.calls.incrementAndGet();
		return this.id + ":" + text;
	}

	@Override
	public String hold(String text) throws InterruptedException {
		this.calls.incrementAndGet();
		this.arrived.release();
		if (this.holding) {
			this.release.await(30, TimeUnit.SECONDS);
		}
		return this.id + ":" + text;
	}

	@Override
	public String holdAgain(String text) throws InterruptedException {
		return hold(text);
	}

	@Override
	public String holdIdempotent(String text) throws InterruptedException {
		return hold(text);
	}

	@Override
	public String fail(String text) {
		this.calls.incrementAndGet();
		throw new IllegalStateException(this.id + " refuses " + text);
	}

	public String id() {
		return this.id;
	}

	public int calls() {
		return this.calls.get();
	}

	/** Makes {@code hold} wait until {@link #release()}. */
	public void holdCalls() {
		this.holding = true;
	}

	/** Lets held and later {@code hold} calls answer. */
	public void release() {
		this.holding = false;
		this.release.countDown();
	}

	/** Waits until this many {@code hold} calls have arrived since the last wait. */
	public boolean awaitArrived(int count) throws InterruptedException {
		return this.arrived.tryAcquire(count, 30, TimeUnit.SECONDS);
	}

	/** Returns the {@code hold} calls arrived since the last wait, without waiting. */
	public int arrivedNow() {
		return this.arrived.availablePermits();
	}

}
