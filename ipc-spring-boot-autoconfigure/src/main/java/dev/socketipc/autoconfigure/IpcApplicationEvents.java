package dev.socketipc.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import dev.socketipc.client.IpcConnection;
import dev.socketipc.client.IpcSubscription;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.util.TokenBuffer;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The bridge of {@code ipc.client.servers.<name>.application-events=true}: when the
 * context starts, subscribes to every topic each such server lists, again as its
 * {@code register} lines list new ones (a subscription lasts across reconnections), and
 * publishes each event as an {@link IpcTopicEvent} (its data a JSON tree whose decimals
 * keep their digits and scale, read with the client's mapper) where {@link IpcListeners}
 * runs listeners: the application task executor when there is one, else the client's
 * listener thread. Cancels the subscriptions when the context stops.
 */
class IpcApplicationEvents implements SmartLifecycle {

	private final IpcClientProperties properties;

	private final IpcClientRegistry registry;

	private final ApplicationEventPublisher publisher;

	private final IpcListeners listeners;

	/**
	 * The subscriptions by server name and topic, while running; guarded by itself.
	 */
	private final Map<String, Map<String, IpcSubscription>> subscriptions = new LinkedHashMap<>();

	/**
	 * Connections already told to report their {@code register}; guarded by
	 * {@link #subscriptions}.
	 */
	private final List<IpcConnection> listened = new ArrayList<>();

	/** Guarded by {@link #subscriptions}. */
	private boolean running;

	IpcApplicationEvents(IpcClientProperties properties, IpcClientRegistry registry,
			ApplicationEventPublisher publisher, IpcListeners listeners) {
		this.properties = properties;
		this.registry = registry;
		this.publisher = publisher;
		this.listeners = listeners;
	}

	@Override
	public void start() {
		List<String> servers = new ArrayList<>();
		this.properties.getServers().forEach((name, server) -> {
			if (server.isApplicationEvents()) {
				if (this.registry.isBalanced(name)) {
					throw BalancedAddress.refusedForEvents(name, server.getAddress(),
							"ipc.client.servers." + name + ".application-events=true");
				}
				servers.add(name);
			}
		});
		synchronized (this.subscriptions) {
			this.running = true;
		}
		for (String name : servers) {
			IpcConnection connection = this.registry.connectionTo(name);
			boolean first;
			synchronized (this.subscriptions) {
				first = !this.listened.contains(connection);
				this.listened.add(connection);
			}
			if (first) {
				connection.addRegisterListener((registered, methods) -> subscribe(name, registered));
			}
			else {
				subscribe(name, connection);
			}
			connection.connect();
		}
	}

	/**
	 * Subscribes to the topics the server's last {@code register} listed that are not
	 * subscribed yet, and cancels the subscriptions of topics it no longer lists (a
	 * restarted server with fewer topics would otherwise answer each reconnection's
	 * {@code $subscribe} with {@code UNKNOWN_TOPIC}). Called before the connection renews
	 * its subscriptions, so a cancelled topic is not sent.
	 */
	private void subscribe(String name, IpcConnection connection) {
		JsonMapper mapper = this.registry.codec().mapper();
		// tokens first: a tree read straight from the wire would turn 12.30 into the
		// double 12.3
		JavaType tokens = mapper.constructType(TokenBuffer.class);
		ObjectReader exactTree = mapper.readerFor(JsonNode.class)
			.with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
		IpcTopicEvent.Converter converter = mapper::treeToValue;
		Executor executor = this.listeners.executorFor(name);
		synchronized (this.subscriptions) {
			if (!this.running) {
				return;
			}
			Map<String, IpcSubscription> topics = this.subscriptions.computeIfAbsent(name,
					(key) -> new LinkedHashMap<>());
			List<String> listed = connection.topics();
			topics.entrySet().removeIf((entry) -> {
				boolean gone = !listed.contains(entry.getKey());
				if (gone) {
					entry.getValue().cancel();
				}
				return gone;
			});
			for (String topic : listed) {
				if (!topics.containsKey(topic)) {
					topics.put(topic, connection.subscribe(topic, tokens,
							(data) -> publish(name, topic, tree(exactTree, (TokenBuffer) data), converter), executor));
				}
			}
		}
	}

	/**
	 * Reads an event's data as a tree whose decimals keep every digit and their scale.
	 */
	private static JsonNode tree(ObjectReader exactTree, TokenBuffer data) {
		if (data == null) {
			return NullNode.getInstance();
		}
		try (JsonParser parser = data.asParser()) {
			return exactTree.readValue(parser);
		}
	}

	private void publish(String name, String topic, JsonNode data, IpcTopicEvent.Converter converter) {
		this.publisher.publishEvent(new IpcTopicEvent(this.registry, name, topic, data, converter));
	}

	@Override
	public void stop() {
		synchronized (this.subscriptions) {
			this.running = false;
			this.subscriptions.values().forEach((topics) -> topics.values().forEach(IpcSubscription::cancel));
			this.subscriptions.clear();
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.subscriptions) {
			return this.running;
		}
	}

	/**
	 * Returns a phase after the client registry's, as {@link IpcListeners}.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return IpcServerLifecycle.PHASE + 2;
	}

}
