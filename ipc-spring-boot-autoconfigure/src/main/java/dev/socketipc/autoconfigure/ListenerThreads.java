package dev.socketipc.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;

/**
 * Where a client's events reach the application: the application task executor
 * ({@code applicationTaskExecutor}) when the context has one, else one daemon thread per
 * client, named {@code ipc-listener-<client>}, that these threads own. Never the
 * connection's I/O thread: a listener that calls its own server synchronously waits for
 * an answer that thread must read. A thread ends after a minute without events and starts
 * again with the next one; {@link #close()} shuts them down when the context closes.
 * Thread-safe.
 */
class ListenerThreads {

	private static final long IDLE_SECONDS = 60;

	private final BeanFactory beanFactory;

	/** Guarded by itself. */
	private final Map<String, ThreadPoolExecutor> threads = new LinkedHashMap<>();

	ListenerThreads(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/**
	 * Returns the executor that runs the listeners of a client.
	 * @param client the client's name in {@code ipc.client.servers}
	 * @return the application task executor, else this client's listener thread
	 */
	Executor executorFor(String client) {
		String name = TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME;
		if (this.beanFactory.containsBean(name) && this.beanFactory.isTypeMatch(name, Executor.class)) {
			return this.beanFactory.getBean(name, Executor.class);
		}
		synchronized (this.threads) {
			return this.threads.computeIfAbsent(client, ListenerThreads::newThread);
		}
	}

	/**
	 * One thread at most, so a subscription's events, which it hands over one at a time,
	 * keep their order.
	 */
	private static ThreadPoolExecutor newThread(String client) {
		ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, "ipc-listener-" + client);
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	/**
	 * Shuts the listener threads down once they have run what they were given.
	 */
	void close() {
		synchronized (this.threads) {
			this.threads.values().forEach(ThreadPoolExecutor::shutdown);
			this.threads.clear();
		}
	}

}
