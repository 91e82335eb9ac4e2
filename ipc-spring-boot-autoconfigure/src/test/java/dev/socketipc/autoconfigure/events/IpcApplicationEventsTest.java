package dev.socketipc.autoconfigure.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.autoconfigure.IpcTopicEvent;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.server.IpcEventPublisher;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ipc.client.servers.<name>.application-events=true} subscribes to every topic the
 * server lists and republishes its events as {@link IpcTopicEvent}s that
 * {@code @EventListener} methods receive, over a real Unix socket, following the topics
 * of the server's last {@code register}; without it nothing is subscribed.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class IpcApplicationEventsTest {

	private Path directory;

	private String address;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
		this.address = "unix:" + SocketPaths.socketFile(this.directory, "market.sock");
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		SocketPaths.deleteRecursively(this.directory);
	}

	@Test
	void everyTopicOfTheServerIsRepublishedAsAnApplicationEvent() {
		IpcListenerTest.server(this.address)
			.run((server) -> IpcListenerTest.client(this.address)
				.withUserConfiguration(EventsConfiguration.class)
				.withPropertyValues("ipc.client.servers.market.application-events=true")
				.run((client) -> {
					assertThat(client).hasNotFailed();
					IpcEventPublisher publisher = server.getBean(IpcEventPublisher.class);
					await().atMost(IpcListenerTest.WAIT)
						.until(() -> publisher.subscribers("prices") == 1 && publisher.subscribers("batches") == 1
								&& publisher.subscribers("news") == 1);
					publisher.publish("prices", IpcListenerTest.PRICE);
					publisher.publish("news", null);
					// each topic is its own subscription: ordered within a topic, not
					// across
					BlockingQueue<IpcTopicEvent> events = client.getBean(Events.class).received;
					Map<String, IpcTopicEvent> byTopic = new HashMap<>();
					for (int i = 0; i < 2; i++) {
						IpcTopicEvent event = events.poll(IpcListenerTest.WAIT.toSeconds(), TimeUnit.SECONDS);
						assertThat(event).isNotNull();
						byTopic.put(event.getTopic(), event);
					}
					assertThat(byTopic).containsOnlyKeys("prices", "news");
					IpcTopicEvent price = byTopic.get("prices");
					assertThat(price.getClient()).isEqualTo("market");
					assertThat(price.getData().get("amount").decimalValue()).isEqualByComparingTo("12.30");
					assertThat(price.getData(Price.class)).isEqualTo(IpcListenerTest.PRICE);
					IpcTopicEvent news = byTopic.get("news");
					assertThat(news.getClient()).isEqualTo("market");
					assertThat(news.getData()).isEqualTo(NullNode.getInstance());
				}));
	}

	@Test
	void withoutTheSwitchNothingIsSubscribed() {
		IpcListenerTest.server(this.address)
			.run((server) -> IpcListenerTest.client(this.address)
				.withUserConfiguration(EventsConfiguration.class, IpcListenerTest.BoardConfiguration.class)
				.run((client) -> {
					IpcEventPublisher publisher = server.getBean(IpcEventPublisher.class);
					await().atMost(IpcListenerTest.WAIT).until(() -> publisher.subscribers("prices") == 1);
					publisher.publish("prices", IpcListenerTest.PRICE);
					assertThat(client.getBean(IpcListenerTest.PriceBoard.class).prices
						.poll(IpcListenerTest.WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(IpcListenerTest.PRICE);
					assertThat(publisher.subscribers("news")).isZero();
					assertThat(client.getBean(Events.class).received).isEmpty();
				}));
	}

	@Test
	void aTopicTheRestartedServerNoLongerListsIsNoLongerSubscribed(CapturedOutput output) {
		IpcListenerTest.client(this.address)
			.withUserConfiguration(EventsConfiguration.class)
			.withPropertyValues("ipc.client.servers.market.application-events=true")
			.run((client) -> {
				IpcConnection connection = client.getBean(IpcClientRegistry.class).connectionTo("market");
				JavaType text = client.getBean(JsonMapper.class).constructType(String.class);
				IpcListenerTest.server(this.address).run((server) -> {
					IpcEventPublisher publisher = server.getBean(IpcEventPublisher.class);
					await().atMost(IpcListenerTest.WAIT).until(() -> publisher.subscribers("news") == 1);
				});
				IpcListenerTest.server(this.address).withPropertyValues("ipc.server.topics=prices").run((server) -> {
					IpcEventPublisher publisher = server.getBean(IpcEventPublisher.class);
					await().atMost(IpcListenerTest.WAIT).until(() -> publisher.subscribers("prices") == 1);
					// the server answers $subscribe as the line arrives, so a call sent
					// after the renewal is answered after it
					assertThat(connection.call("ping", new Object[0], text, IpcListenerTest.WAIT).join())
						.isEqualTo("pong");
					assertThat(output).doesNotContain("of topic 'news'");
					publisher.publish("prices", IpcListenerTest.PRICE);
					IpcTopicEvent event = client.getBean(Events.class).received.poll(IpcListenerTest.WAIT.toSeconds(),
							TimeUnit.SECONDS);
					assertThat(event).isNotNull();
					assertThat(event.getTopic()).isEqualTo("prices");
				});
				IpcListenerTest.server(this.address).run((server) -> {
					IpcEventPublisher publisher = server.getBean(IpcEventPublisher.class);
					await().atMost(IpcListenerTest.WAIT).until(() -> publisher.subscribers("news") == 1);
				});
			});
	}

	static class Events {

		final BlockingQueue<IpcTopicEvent> received = new LinkedBlockingQueue<>();

		@EventListener
		void on(IpcTopicEvent event) {
			this.received.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EventsConfiguration {

		@Bean
		Events events() {
			return new Events();
		}

	}

}
