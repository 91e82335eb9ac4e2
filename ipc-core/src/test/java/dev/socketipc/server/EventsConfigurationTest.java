package dev.socketipc.server;

import java.util.concurrent.Flow;
import java.util.stream.Stream;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.annotation.IpcTopic;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What a server's build checks about topics, reserved names and the event and stream
 * settings: every mistake fails at startup naming the property or the method at fault.
 */
class EventsConfigurationTest {

	private static IpcServerBuilder builder(Object service) {
		return IpcServer.builder()
			.address(IpcAddress.parse("local:events-configuration"))
			.service(ServiceDefinition.of("", service));
	}

	@Test
	void aMethodNameStartingWithTheReservedPrefixFailsTheBuild() {
		assertThatIllegalStateException().isThrownBy(() -> builder(new Reserved()).build())
			.withMessage("IPC method name '$subscribe' of Reserved.sneaky(String) starts with '$', which is reserved "
					+ "for the protocol's own methods ($subscribe, $unsubscribe); rename it with @IpcMethod(\"...\")");
		assertThatIllegalStateException()
			.isThrownBy(() -> IpcServer.builder()
				.address(IpcAddress.parse("local:events-configuration"))
				.service(ServiceDefinition.of("$calc", new Streams()))
				.build())
			.withMessageStartingWith("IPC method name '$calc.count' of Streams.count(int) starts with '$'");
	}

	@Test
	void anIpcTopicMethodWithParametersOrAnotherReturnTypeFailsTheBuild() {
		assertThatIllegalStateException().isThrownBy(() -> builder(new TopicWithParameter()).build())
			.withMessage("@IpcTopic method TopicWithParameter.prices(String) must take no parameters and return "
					+ "Flow.Publisher<T> or org.reactivestreams.Publisher<T> (such as Reactor's Flux<T>), not Publisher");
		assertThatIllegalStateException().isThrownBy(() -> builder(new TopicOfAStream()).build())
			.withMessage("@IpcTopic method TopicOfAStream.prices() must take no parameters and return "
					+ "Flow.Publisher<T> or org.reactivestreams.Publisher<T> (such as Reactor's Flux<T>), not Stream");
	}

	@Test
	void anIpcTopicWithAnInvalidOrDuplicateNameFailsTheBuild() {
		assertThatIllegalStateException().isThrownBy(() -> builder(new ReservedTopic()).build())
			.withMessage("Topic '$prices' of @IpcTopic method ReservedTopic.prices() is not valid: a topic is not "
					+ "empty and does not start with '$'");
		assertThatIllegalStateException().isThrownBy(() -> builder(new TwoTopics()).build())
			.withMessage("Topic 'prices' is declared twice, by TwoTopics.first() and TwoTopics.second(); a topic has "
					+ "one @IpcTopic method");
	}

	@Test
	void aBuilderTopicThatAnIpcTopicMethodAlsoDeclaresIsListedOnce() {
		IpcServer server = builder(new Topics()).topic("news").topic("prices").build();

		assertThat(server.topics()).containsExactly("news", "prices", "flux");
		assertThat(server.methodNames()).isEmpty();
	}

	@Test
	void streamingMethodsAreRecognizedByTheirReturnType() {
		ServiceRegistry registry = ServiceRegistry.of(java.util.List.of(ServiceDefinition.of("", new Streams())),
				dev.socketipc.protocol.WireCodec.create());

		assertThat(registry.get("count").isStreaming()).isTrue();
		assertThat(registry.get("flux").isStreaming()).isTrue();
		assertThat(registry.get("lines").isStreaming()).isTrue();
		assertThat(registry.get("plain").isStreaming()).isFalse();
	}

	@Test
	void builderSettingsAreCheckedNamingTheProperty() {
		IpcServerBuilder builder = IpcServer.builder();
		assertThatIllegalArgumentException().isThrownBy(() -> builder.topic(""))
			.withMessage(
					"Topic '' of ipc.server.topics is not valid: a topic is not empty and does not start with '$'");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.topic("$x"))
			.withMessage(
					"Topic '$x' of ipc.server.topics is not valid: a topic is not empty and does not start with '$'");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.topic(null))
			.withMessage(
					"Topic null of ipc.server.topics is not valid: a topic is not empty and does not start with '$'");
		builder.topic("a");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.topic("a"))
			.withMessage("Topic 'a' is declared twice in ipc.server.topics");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.eventBufferSize(0))
			.withMessage("events.buffer-size must be at least 1, got 0");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.eventOverflow(null))
			.withMessage("events.overflow must be one of drop-oldest, drop-newest or close");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.maxStreamItems(0))
			.withMessage("max-stream-items must be at least 1, got 0");
	}

	@Test
	void theEventPublisherWorksBeforeTheServerStarts() {
		IpcServer server = builder(new Streams()).topic("prices").build();

		assertThat(server.events().publish("prices", 1)).isZero();
		assertThat(server.events().subscribers("prices")).isZero();
		assertThat(server.statistics().droppedEvents()).isZero();
	}

	public static class Reserved {

		@IpcMethod("$subscribe")
		public String sneaky(String topic) {
			return topic;
		}

	}

	public static class TopicWithParameter {

		@IpcTopic("prices")
		public Flow.Publisher<Integer> prices(String filter) {
			return null;
		}

	}

	public static class TopicOfAStream {

		@IpcTopic("prices")
		public Stream<Integer> prices() {
			return Stream.empty();
		}

	}

	public static class ReservedTopic {

		@IpcTopic("$prices")
		public Flux<Integer> prices() {
			return Flux.empty();
		}

	}

	public static class TwoTopics {

		@IpcTopic("prices")
		public Flux<Integer> first() {
			return Flux.empty();
		}

		@IpcTopic("prices")
		public Flux<Integer> second() {
			return Flux.empty();
		}

	}

	public static class Topics {

		@IpcTopic("prices")
		public Flow.Publisher<Integer> prices() {
			return new java.util.concurrent.SubmissionPublisher<>();
		}

		@IpcTopic("flux")
		public Flux<Integer> flux() {
			return Flux.empty();
		}

	}

	public static class Streams {

		public Flow.Publisher<Integer> count(int n) {
			return null;
		}

		public Flux<Integer> flux() {
			return Flux.empty();
		}

		public Stream<String> lines() {
			return Stream.empty();
		}

		public int plain() {
			return 1;
		}

	}

}
