package dev.socketipc.autoconfigure;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcSubscription;
import tools.jackson.databind.JavaType;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Finds the {@link IpcListener @IpcListener} methods of the context's singletons once
 * they all exist, checks them (one parameter, a client configured in
 * {@code ipc.client.servers.<client>}), and subscribes each through its client's
 * connection when the context starts, after the client registry: its events run the
 * method on the application task executor ({@code applicationTaskExecutor}) when there is
 * one, else on a thread of the client's own, {@code ipc-listener-<client>} (never the
 * connection's I/O thread, so a listener may call its server synchronously). Cancels the
 * subscriptions when the context stops, and ends those threads when it closes.
 */
class IpcListeners implements SmartInitializingSingleton, SmartLifecycle, DisposableBean {

	private final ConfigurableListableBeanFactory beanFactory;

	private final IpcClientProperties properties;

	private final IpcClientRegistry registry;

	private final ListenerThreads threads;

	private final List<IpcListenerMethod> listeners = new ArrayList<>();

	/** The subscriptions while running; guarded by {@link #listeners}. */
	private final List<IpcSubscription> subscriptions = new ArrayList<>();

	/** Whether the listeners were looked for; guarded by {@link #listeners}. */
	private boolean found;

	/** Guarded by {@link #listeners}. */
	private boolean running;

	IpcListeners(ConfigurableListableBeanFactory beanFactory, IpcClientProperties properties,
			IpcClientRegistry registry) {
		this.beanFactory = beanFactory;
		this.properties = properties;
		this.registry = registry;
		this.threads = new ListenerThreads(beanFactory);
	}

	@Override
	public void afterSingletonsInstantiated() {
		find();
	}

	/**
	 * Finds and checks the listener methods, the first time only.
	 */
	private void find() {
		synchronized (this.listeners) {
			if (this.found) {
				return;
			}
			this.found = true;
			for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, false, false)) {
				if (ScopedProxyUtils.isScopedTarget(beanName)) {
					continue;
				}
				Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
				Map<Method, IpcListener> methods = (type != null) ? listenerMethods(type) : Map.of();
				if (!methods.isEmpty()) {
					Object bean = this.beanFactory.getBean(beanName);
					methods.forEach((method, annotation) -> add(beanName, bean, method, annotation));
				}
			}
		}
	}

	private static Map<Method, IpcListener> listenerMethods(Class<?> type) {
		if (!AnnotationUtils.isCandidateClass(type, IpcListener.class)) {
			return Map.of();
		}
		return MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<IpcListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, IpcListener.class));
	}

	private void add(String beanName, Object bean, Method method, IpcListener annotation) {
		IpcListenerMethod listener = IpcListenerMethod.of(beanName, bean, method, annotation);
		if (!this.properties.getServers().containsKey(annotation.client())) {
			throw new IllegalStateException(IpcListenerMethod.describe(annotation, method, beanName)
					+ " names a client that is not configured: set ipc.client.servers." + annotation.client()
					+ ".address (ipc.client.servers holds " + this.properties.getServers().keySet() + ")");
		}
		if (this.registry.isBalanced(annotation.client())) {
			throw BalancedAddress.refusedForEvents(annotation.client(),
					this.properties.getServers().get(annotation.client()).getAddress(),
					IpcListenerMethod.describe(annotation, method, beanName));
		}
		this.listeners.add(listener);
	}

	/**
	 * Returns the names of the clients the listeners listen to, looking for the listeners
	 * first if that was not done yet.
	 * @throws IllegalStateException when a listener method cannot listen
	 */
	Set<String> clients() {
		synchronized (this.listeners) {
			find();
			Set<String> clients = new LinkedHashSet<>();
			this.listeners.forEach((listener) -> clients.add(listener.annotation().client()));
			return clients;
		}
	}

	@Override
	public void start() {
		synchronized (this.listeners) {
			this.running = true;
			for (IpcListenerMethod listener : this.listeners) {
				String client = listener.annotation().client();
				IpcConnection connection = this.registry.connectionTo(client);
				JavaType type = this.registry.codec().mapper().constructType(listener.payloadType());
				this.subscriptions.add(connection.subscribe(listener.annotation().topic(), type, listener,
						this.threads.executorFor(client)));
				connection.connect();
			}
		}
	}

	/**
	 * Returns where the events of a client's subscriptions reach the application, for
	 * {@link IpcApplicationEvents} too.
	 * @param client the client's name in {@code ipc.client.servers}
	 * @return the application task executor, else the client's listener thread
	 */
	Executor executorFor(String client) {
		return this.threads.executorFor(client);
	}

	@Override
	public void stop() {
		synchronized (this.listeners) {
			this.running = false;
			this.subscriptions.forEach(IpcSubscription::cancel);
			this.subscriptions.clear();
		}
	}

	@Override
	public void destroy() {
		this.threads.close();
	}

	@Override
	public boolean isRunning() {
		synchronized (this.listeners) {
			return this.running;
		}
	}

	/**
	 * Returns a phase after the client registry's: started once the clients connect to
	 * where the servers are, stopped before they close.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return IpcServerLifecycle.PHASE + 2;
	}

}
