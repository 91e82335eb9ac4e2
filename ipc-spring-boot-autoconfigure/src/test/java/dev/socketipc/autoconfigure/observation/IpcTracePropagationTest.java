package dev.socketipc.autoconfigure.observation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Span;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import dev.socketipc.autoconfigure.IpcService;
import dev.socketipc.autoconfigure.observation.calc.ObservedCalc;
import dev.socketipc.client.IpcClientInterceptor;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Micrometer Tracing over Brave (W3C propagation, every trace sampled), a proxy call
 * makes one client span and one server span of the same trace, the server's the child of
 * the client's: the client's {@code traceparent} crosses the real socket in the request's
 * {@code meta}.
 */
@Timeout(60)
class IpcTracePropagationTest {

	private Path directory;

	@BeforeEach
	void createDirectory() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void deleteDirectory() throws Exception {
		SocketPaths.deleteRecursively(this.directory);
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "unix", "tcp" })
	void serverSpanIsTheChildOfTheClientSpanAcrossTheSocket(String transport) throws Exception {
		ObservedContexts.observed(ObservedContexts.address(transport, this.directory))
			.withConfiguration(
					AutoConfigurations.of(MicrometerTracingAutoConfiguration.class, BraveAutoConfiguration.class))
			.withUserConfiguration(CollectedSpans.class)
			.withPropertyValues("management.tracing.sampling.probability=1.0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ObservedCalc.class).add(4, 5)).isEqualTo(9);

				List<MutableSpan> spans = context.getBean(CollectedSpans.class).spans;
				await().atMost(Duration.ofSeconds(10)).until(() -> spans.size() >= 2);
				assertThat(spans).hasSize(2);
				MutableSpan client = spans.stream()
					.filter((s) -> s.kind() == Span.Kind.CLIENT)
					.findFirst()
					.orElseThrow();
				MutableSpan server = spans.stream()
					.filter((s) -> s.kind() == Span.Kind.SERVER)
					.findFirst()
					.orElseThrow();
				assertThat(client.name()).isEqualTo("add");
				assertThat(server.name()).isEqualTo("add");
				assertThat(server.traceId()).isEqualTo(client.traceId());
				assertThat(server.parentId()).isEqualTo(client.id());
				assertThat(server.id()).isNotEqualTo(client.id());
				assertThat(client.tags()).containsEntry("rpc.method", "add").containsEntry("rpc.status_code", "OK");
				assertThat(server.tags()).containsEntry("rpc.method", "add").containsEntry("rpc.status_code", "OK");
			});
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "unix", "tcp" })
	void clientCallMadeByAServerMethodIsAChildOfItsServerSpan(String transport) throws Exception {
		ObservedContexts.observed(ObservedContexts.address(transport, this.directory))
			.withConfiguration(
					AutoConfigurations.of(MicrometerTracingAutoConfiguration.class, BraveAutoConfiguration.class))
			.withUserConfiguration(CollectedSpans.class, Relay.class)
			.withPropertyValues("management.tracing.sampling.probability=1.0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ObservedCalc.class).relay(4, 5)).isEqualTo(9);

				List<MutableSpan> spans = context.getBean(CollectedSpans.class).spans;
				await().atMost(Duration.ofSeconds(10)).until(() -> spans.size() >= 4);
				MutableSpan relayClient = span(spans, "relay", Span.Kind.CLIENT);
				MutableSpan relayServer = span(spans, "relay", Span.Kind.SERVER);
				MutableSpan addClient = span(spans, "add", Span.Kind.CLIENT);
				MutableSpan addServer = span(spans, "add", Span.Kind.SERVER);
				assertThat(spans).extracting(MutableSpan::traceId).containsOnly(relayClient.traceId());
				assertThat(relayServer.parentId()).isEqualTo(relayClient.id());
				assertThat(addClient.parentId()).isEqualTo(relayServer.id());
				assertThat(addServer.parentId()).isEqualTo(addClient.id());
			});
	}

	@Test
	void interceptorBeansRunInsideTheClientObservationAndSeeItsTraceparent() throws Exception {
		ObservedContexts.observed(ObservedContexts.address("unix", this.directory))
			.withConfiguration(
					AutoConfigurations.of(MicrometerTracingAutoConfiguration.class, BraveAutoConfiguration.class))
			.withUserConfiguration(CollectedSpans.class, MetaRecorder.class)
			.withPropertyValues("management.tracing.sampling.probability=1.0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ObservedCalc.class).add(1, 1)).isEqualTo(2);

				List<MutableSpan> spans = context.getBean(CollectedSpans.class).spans;
				await().atMost(Duration.ofSeconds(10)).until(() -> spans.size() >= 2);
				MutableSpan client = span(spans, "add", Span.Kind.CLIENT);
				assertThat(context.getBean(MetaRecorder.class).seen)
					.containsExactly("00-" + client.traceId() + "-" + client.id() + "-01");
			});
	}

	private static MutableSpan span(List<MutableSpan> spans, String name, Span.Kind kind) {
		return spans.stream().filter((s) -> s.kind() == kind && name.equals(s.name())).findFirst().orElseThrow();
	}

	/** An interceptor of the application, ordered first among its own. */
	@Configuration(proxyBeanMethods = false)
	static class MetaRecorder {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@Bean
		@Order(0)
		IpcClientInterceptor metaRecorder() {
			return (call, next) -> {
				this.seen.add(call.meta().get("traceparent"));
				return next.proceed(call);
			};
		}

	}

	/** Exposes {@code relay}, which calls {@code add} through the client. */
	@Configuration(proxyBeanMethods = false)
	static class Relay {

		@Bean
		RelayService relayService(ObjectProvider<ObservedCalc> calc) {
			return new RelayService(calc);
		}

	}

	@IpcService
	static class RelayService {

		private final ObjectProvider<ObservedCalc> calc;

		RelayService(ObjectProvider<ObservedCalc> calc) {
			this.calc = calc;
		}

		public int relay(int a, int b) {
			return this.calc.getObject().add(a, b);
		}

	}

	/** Collects every finished span. */
	@Configuration(proxyBeanMethods = false)
	static class CollectedSpans {

		final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

		@Bean
		SpanHandler collectingSpanHandler() {
			return new SpanHandler() {

				@Override
				public boolean end(TraceContext traceContext, MutableSpan span, Cause cause) {
					if (cause == Cause.FINISHED) {
						CollectedSpans.this.spans.add(span);
					}
					return true;
				}

			};
		}

	}

}
