package dev.socketipc.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.socketipc.annotation.IpcTopic;
import dev.socketipc.server.EventOverflow;
import dev.socketipc.server.IpcEventPublisher;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.LineClient;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ipc.server.topics}, {@code ipc.server.events.*} and
 * {@code ipc.server.max-stream-items} reach the server the auto-configuration builds,
 * over real sockets, and its {@link IpcEventPublisher} is a bean; bad values fail startup
 * naming the property.
 */
@Timeout(60)
class IpcServerEventsPropertiesTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IpcServerAutoConfiguration.class, JacksonAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class))
		.withUserConfiguration(CountingConfiguration.class)
		.withPropertyValues("ipc.server.shutdown-timeout=0s");

	private Path directory;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		SocketPaths.deleteRecursively(this.directory);
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "unix", "tcp" })
	void topicsAreListedInTheRegisterLineAndThePublisherBeanReachesSubscribers(String transport) throws Exception {
		this.runner.withPropertyValues(address(transport), "ipc.server.topics=prices,news").run((context) -> {
			assertThat(context).hasNotFailed();
			IpcServer server = context.getBean(IpcServer.class);
			IpcEventPublisher publisher = context.getBean(IpcEventPublisher.class);
			assertThat(publisher).isSameAs(server.events());
			assertThat(server.topics()).containsExactly("prices", "news");
			try (LineClient client = LineClient.connect(server.address().socketAddress())) {
				JsonNode register = JsonMapper.shared().readTree(client.readLine());
				assertThat(register.get("topics").valueStream().map(JsonNode::asString)).containsExactly("prices",
						"news");
				assertThat(register.get("features").valueStream().map(JsonNode::asString)).contains("events");
				client.call(1, "$subscribe", "news");
				assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":null}");
				assertThat(publisher.subscribers("news")).isEqualTo(1);
				assertThat(publisher.publish("news", "hello")).isEqualTo(1);
				assertThat(client.readLine()).isEqualTo("{\"action\":\"event\",\"topic\":\"news\",\"data\":\"hello\"}");
			}
		});
	}

	@Test
	void topicsOfIpcTopicMethodsOfIpcServiceBeansFollowThoseOfTheProperty() throws Exception {
		this.runner.withUserConfiguration(TickingConfiguration.class)
			.withPropertyValues(address("unix"), "ipc.server.topics=news,ticks")
			.run((context) -> {
				IpcServer server = context.getBean(IpcServer.class);
				try (LineClient client = LineClient.connect(server.address().socketAddress())) {
					JsonNode register = JsonMapper.shared().readTree(client.readLine());
					assertThat(register.get("topics").valueStream().map(JsonNode::asString)).containsExactly("news",
							"ticks", "clock");
					assertThat(register.get("methods").valueStream().map(JsonNode::asString))
						.containsExactlyInAnyOrder("count");
					client.call(1, "$subscribe", "clock");
					assertThat(client.readLines(3)).containsExactly("{\"success\":true,\"rid\":1,\"data\":null}",
							"{\"action\":\"event\",\"topic\":\"clock\",\"data\":1}",
							"{\"action\":\"event\",\"topic\":\"clock\",\"data\":2}");
				}
			});
	}

	@Test
	void overflowCloseClosesASubscriberThatStopsReadingAndCountsTheDrop() throws Exception {
		this.runner
			.withPropertyValues(address("unix"), "ipc.server.topics=bulk", "ipc.server.events.buffer-size=1",
					"ipc.server.events.overflow=close")
			.run((context) -> {
				IpcServer server = context.getBean(IpcServer.class);
				IpcEventPublisher publisher = context.getBean(IpcEventPublisher.class);
				try (LineClient client = LineClient.connectWithoutReading(server.address().socketAddress(), 0)) {
					client.call(1, "$subscribe", "bulk");
					await().atMost(WAIT).until(() -> publisher.subscribers("bulk") == 1);
					String payload = "x".repeat(64 * 1024);
					await().atMost(WAIT).until(() -> {
						publisher.publish("bulk", payload);
						return server.statistics().droppedEvents() > 0;
					});
					client.startReading();
					client.awaitEndOfStream();
					await().atMost(WAIT).until(() -> publisher.subscribers("bulk") == 0);
				}
			});
	}

	@Test
	void overflowIsBoundFromItsKebabCaseNames() throws Exception {
		this.runner.withPropertyValues(address("tcp"), "ipc.server.events.overflow=drop-newest").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(IpcServerProperties.class).getEvents().getOverflow())
				.isEqualTo(EventOverflow.DROP_NEWEST);
		});
	}

	@Test
	void maxStreamItemsBoundsTheArrayAnsweredToACallerThatDidNotAskForAStream() throws Exception {
		this.runner.withPropertyValues(address("unix"), "ipc.server.max-stream-items=3").run((context) -> {
			IpcServer server = context.getBean(IpcServer.class);
			try (LineClient client = LineClient.connectAndSkipRegister(server.address().socketAddress())) {
				client.call(1, "count", 3);
				assertThat(client.readLine()).isEqualTo("{\"success\":true,\"rid\":1,\"data\":[1,2,3]}");
				client.call(2, "count", 4);
				JsonNode tooMany = JsonMapper.shared().readTree(client.readLine());
				assertThat(tooMany.get("code").asString()).isEqualTo("TOO_MANY_ITEMS");
				assertThat(tooMany.get("error").asString()).contains("ipc.server.max-stream-items");
			}
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "ipc.server.topics=$prices", "ipc.server.topics=news,news",
			"ipc.server.events.buffer-size=0", "ipc.server.max-stream-items=0" })
	void invalidValueFailsStartupNamingTheProperty(String property) throws Exception {
		String name = property.substring(0, property.indexOf('='));
		this.runner.withPropertyValues(address("unix"), property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property " + name + " with value");
		});
	}

	@Test
	void unknownOverflowPolicyFailsStartupNamingTheProperty() throws Exception {
		this.runner.withPropertyValues(address("unix"), "ipc.server.events.overflow=drop-all").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("ipc.server.events.overflow");
		});
	}

	private String address(String transport) throws IOException {
		return "ipc.server.address="
				+ (transport.equals("unix") ? "unix:" + SocketPaths.socketFile(this.directory, "events.sock")
						: "tcp://127.0.0.1:" + SocketPaths.freePort());
	}

	@IpcService
	static class Counting {

		public Stream<Integer> count(int n) {
			return IntStream.rangeClosed(1, n).boxed();
		}

	}

	@IpcService
	static class Ticking {

		@IpcTopic("clock")
		public Flow.Publisher<Integer> clock() {
			return (subscriber) -> {
				SubmissionPublisher<Integer> ticks = new SubmissionPublisher<>(Runnable::run, 8);
				ticks.subscribe(subscriber);
				ticks.submit(1);
				ticks.submit(2);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TickingConfiguration {

		@Bean
		Ticking ticking() {
			return new Ticking();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CountingConfiguration {

		@Bean
		Counting counting() {
			return new Counting();
		}

	}

}
