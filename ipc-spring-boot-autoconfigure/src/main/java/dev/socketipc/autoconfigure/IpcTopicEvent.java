package dev.socketipc.autoconfigure;

import org.springframework.context.ApplicationEvent;

import tools.jackson.databind.JsonNode;

/**
 * An event an IPC server pushed, republished as a Spring {@link ApplicationEvent} when
 * {@code ipc.client.servers.<name>.application-events=true}: the client then subscribes
 * to every topic its server lists, and {@code @EventListener} methods receive them.
 */
public class IpcTopicEvent extends ApplicationEvent {

	private final String client;

	private final String topic;

	private final transient JsonNode data;

	private final transient Converter converter;

	/**
	 * Creates an event.
	 * @param source what publishes it (the client registry)
	 * @param client the name of the client that received it
	 * @param topic its topic
	 * @param data its {@code data} as a JSON tree
	 * @param converter reads the tree as a Java type with the client's JSON mapper
	 */
	public IpcTopicEvent(Object source, String client, String topic, JsonNode data, Converter converter) {
		super(source);
		this.client = client;
		this.topic = topic;
		this.data = data;
		this.converter = converter;
	}

	/**
	 * Returns the name of the client that received the event, as in
	 * {@code ipc.client.servers.<name>}.
	 * @return the client's name
	 */
	public String getClient() {
		return this.client;
	}

	/**
	 * Returns the event's topic.
	 * @return the topic
	 */
	public String getTopic() {
		return this.topic;
	}

	/**
	 * Returns the event's {@code data} as a JSON tree.
	 * @return the data, a {@code NullNode} when the server sent none
	 */
	public JsonNode getData() {
		return this.data;
	}

	/**
	 * Reads the event's {@code data} as a Java type with the client's JSON mapper.
	 * @param <T> the type
	 * @param type the type
	 * @return the value
	 * @throws tools.jackson.core.JacksonException when the data does not convert
	 */
	public <T> T getData(Class<T> type) {
		return type.cast(this.converter.convert(this.data, type));
	}

	@Override
	public String toString() {
		return "IpcTopicEvent[client=" + this.client + ", topic=" + this.topic + "]";
	}

	/**
	 * Reads a JSON tree as a Java type.
	 */
	@FunctionalInterface
	public interface Converter {

		/**
		 * Reads a tree as a type.
		 * @param data the tree
		 * @param type the type
		 * @return the value
		 */
		Object convert(JsonNode data, Class<?> type);

	}

}
