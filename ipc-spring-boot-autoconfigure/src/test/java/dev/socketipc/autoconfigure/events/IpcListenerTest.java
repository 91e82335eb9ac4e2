package dev.socketipc.autoconfigure.events;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.socketipc.autoconfigure.IpcClientAutoConfiguration;
import dev.socketipc.autoconfigure.IpcClientRegistry;
import dev.socketipc.autoconfigure.IpcListener;
import dev.socketipc.autoconfigure.IpcServerAutoConfiguration;
import dev.socketipc.client.IpcConnection;
import dev.socketipc.server.IpcEventPublisher;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link IpcListener @IpcListener} methods of a client application receive what the
 * {@link IpcEventPublisher} bean of a server application publishes, over real sockets:
 * payloads read as the parameter's type, on the application task executor (else a thread
 * of the client's own, from which a listener may call its server), renewed after the
 * server restarts; a listener that cannot listen fails startup naming its bean, method
 * and property.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class IpcListenerTest {

	static final Duration WAIT = Duration.ofSeconds(10);

	static final Price PRICE = new Price("ACME", new BigDecimal("12.30"), List.of("nyse", "tech"));

	private Path directory;

	@BeforeEach
	void createDirectory() throws IOException {
		this.directory = SocketPaths.newSocketDirectory();
	}

	@AfterEach
	void deleteDirectory() throws IOException {
		SocketPaths.deleteRecursively(this.directory);
	}

	static ApplicationContextRunner server(String address) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IpcServerAutoConfiguration.class, JacksonAutoConfiguration.class,
					TaskExecutionAutoConfiguration.class))
			.withBean(MarketService.class)
			.withPropertyValues("ipc.server.address=" + address, "ipc.server.topics=prices,batches,news",
					"ipc.server.shutdown-timeout=0s");
	}

	static ApplicationContextRunner client(String address) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IpcClientAutoConfiguration.class, JacksonAutoConfiguration.class,
					TaskExecutionAutoConfiguration.class))
			.withPropertyValues("ipc.client.servers.market.address=" + address,
					"ipc.client.reconnect.initial-backoff=20ms", "ipc.client.reconnect.max-backoff=200ms");
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "unix", "tcp" })
	void publishedEventsReachListenersAsTheirParametersTypeOnTheTaskExecutor(String transport) throws Exception {
		String address = address(transport);
		server(address)
			.run((server) -> client(address).withUserConfiguration(BoardConfiguration.class).run((client) -> {
				assertThat(client).hasNotFailed();
				IpcEventPublisher publisher = server.getBean(IpcEventPublisher.class);
				PriceBoard board = client.getBean(PriceBoard.class);
				await().atMost(WAIT)
					.until(() -> publisher.subscribers("prices") == 1 && publisher.subscribers("batches") == 1);
				assertThat(publisher.subscribers("news")).isZero();
				publisher.publish("prices", PRICE);
				publisher.publish("batches", List.of(PRICE, new Price("INIT", new BigDecimal("0.001"), List.of())));
				Price received = board.prices.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
				assertThat(received).isEqualTo(PRICE);
				assertThat(received.amount().scale()).isEqualTo(2);
				assertThat(board.batches.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly(PRICE,
						new Price("INIT", new BigDecimal("0.001"), List.of()));
				assertThat(board.threads.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).startsWith("task-");
			}));
	}

	static ApplicationContextRunner clientWithoutATaskExecutor(String address) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IpcClientAutoConfiguration.class, JacksonAutoConfiguration.class))
			.withPropertyValues("ipc.client.servers.market.address=" + address);
	}

	@Test
	void withoutATaskExecutorListenersRunOnAThreadOfTheClientsOwnNotTheIoThread() throws Exception {
		String address = address("unix");
		server(address)
			.run((server) -> clientWithoutATaskExecutor(address).withUserConfiguration(BoardConfiguration.class)
				.run((client) -> {
					IpcEventPublisher publisher = server.getBean(IpcEventPublisher.class);
					PriceBoard board = client.getBean(PriceBoard.class);
					await().atMost(WAIT).until(() -> publisher.subscribers("prices") == 1);
					publisher.publish("prices", PRICE);
					assertThat(board.prices.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(PRICE);
					assertThat(board.threads.poll()).isEqualTo("ipc-listener-market");
				}));
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "unix", "tcp" })
	void withoutATaskExecutorAListenerGetsTheAnswerOfASynchronousCallToItsServer(String transport) throws Exception {
		String address = address(transport);
		server(address)
			.run((server) -> clientWithoutATaskExecutor(address).withUserConfiguration(CallerConfiguration.class)
				.run((client) -> {
					IpcEventPublisher publisher = server.getBean(IpcEventPublisher.class);
					await().atMost(WAIT).until(() -> publisher.subscribers("prices") == 1);
					publisher.publish("prices", PRICE);
					publisher.publish("prices", PRICE);
					// on the I/O thread the call waited for an answer that thread had to
					// read,
					// until its timeout
					BlockingQueue<String> answers = client.getBean(Caller.class).answers;
					assertThat(answers.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("pong ACME");
					assertThat(answers.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("pong ACME");
				}));
	}

	@Test
	void closingTheContextEndsTheListenerThread() throws Exception {
		String address = address("unix");
		server(address).run((server) -> {
			IpcEventPublisher publisher = server.getBean(IpcEventPublisher.class);
			clientWithoutATaskExecutor(address).withUserConfiguration(BoardConfiguration.class).run((client) -> {
				await().atMost(WAIT).until(() -> publisher.subscribers("prices") == 1);
				publisher.publish("prices", PRICE);
				assertThat(client.getBean(PriceBoard.class).prices.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
					.isEqualTo(PRICE);
				assertThat(listenerThreads()).isNotEmpty();
			});
			await().atMost(WAIT).until(() -> listenerThreads().isEmpty());
		});
	}

	private static List<Thread> listenerThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("ipc-listener-market") && thread.isAlive())
			.toList();
	}

	@Test
	void stoppingTheContextCancelsTheSubscriptionsAndStartingRenewsThem() throws Exception {
		String address = address("unix");
		server(address)
			.run((server) -> client(address).withUserConfiguration(BoardConfiguration.class).run((client) -> {
				IpcEventPublisher publisher = server.getBean(IpcEventPublisher.class);
				await().atMost(WAIT).until(() -> publisher.subscribers("prices") == 1);
				client.stop();
				await().atMost(WAIT).until(() -> publisher.subscribers("prices") == 0);
				client.start();
				await().atMost(WAIT).until(() -> publisher.subscribers("prices") == 1);
			}));
	}

	@Test
	void listenersAreRenewedWhenTheServerRestarts() throws Exception {
		String address = address("unix");
		client(address).withUserConfiguration(BoardConfiguration.class).run((client) -> {
			PriceBoard board = client.getBean(PriceBoard.class);
			for (int run = 1; run <= 2; run++) {
				Price price = new Price("RUN" + run, BigDecimal.valueOf(run), List.of());
				server(address).run((server) -> {
					IpcEventPublisher publisher = server.getBean(IpcEventPublisher.class);
					await().atMost(WAIT).until(() -> publisher.subscribers("prices") == 1);
					publisher.publish("prices", price);
					assertThat(board.prices.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(price);
				});
			}
		});
	}

	@Test
	void aListenerThatThrowsIsLoggedNamingItAndStillGetsTheNextEvents(CapturedOutput output) throws Exception {
		String address = address("unix");
		server(address).run((server) -> client(address).withUserConfiguration(NewsConfiguration.class).run((client) -> {
			IpcEventPublisher publisher = server.getBean(IpcEventPublisher.class);
			NewsReader reader = client.getBean(NewsReader.class);
			await().atMost(WAIT).until(() -> publisher.subscribers("news") == 1);
			publisher.publish("news", "boom");
			publisher.publish("news", "calm");
			assertThat(reader.news.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("calm");
			assertThat(output)
				.contains("@IpcListener(client = \"market\", topic = \"news\") on NewsReader.on(String) "
						+ "of bean 'newsReader' failed on an event (0 similar failures suppressed)")
				.contains("java.lang.IllegalStateException: boom");
		}));
	}

	@Test
	void listenerWithTwoParametersFailsStartupNamingBeanAndMethod() throws Exception {
		client(address("unix")).withUserConfiguration(TwoParametersConfiguration.class)
			.run((client) -> assertThat(NestedExceptionUtils.getMostSpecificCause(client.getStartupFailure()))
				.isInstanceOf(IllegalStateException.class)
				.hasMessage("@IpcListener(client = \"market\", topic = \"prices\") on TwoParameters.on(Price, String) "
						+ "of bean 'twoParameters' must take exactly one parameter, the event's data read as its "
						+ "type, but takes 2"));
	}

	@Test
	void listenerOfAClientNotConfiguredFailsStartupNamingBeanMethodAndProperty() throws Exception {
		client(address("unix")).withUserConfiguration(UnknownClientConfiguration.class)
			.run((client) -> assertThat(NestedExceptionUtils.getMostSpecificCause(client.getStartupFailure()))
				.isInstanceOf(IllegalStateException.class)
				.hasMessage("@IpcListener(client = \"markt\", topic = \"prices\") on UnknownClient.on(Price) of bean "
						+ "'unknownClient' names a client that is not configured: set ipc.client.servers.markt.address "
						+ "(ipc.client.servers holds [market])"));
	}

	private String address(String transport) throws IOException {
		return transport.equals("unix") ? "unix:" + SocketPaths.socketFile(this.directory, "market.sock")
				: "tcp://127.0.0.1:" + SocketPaths.freePort();
	}

	static class PriceBoard {

		final BlockingQueue<Price> prices = new LinkedBlockingQueue<>();

		final BlockingQueue<List<Price>> batches = new LinkedBlockingQueue<>();

		final BlockingQueue<String> threads = new LinkedBlockingQueue<>();

		@IpcListener(client = "market", topic = "prices")
		void on(Price price) {
			this.threads.add(Thread.currentThread().getName());
			this.prices.add(price);
		}

		@IpcListener(client = "market", topic = "batches")
		public void onBatch(List<Price> batch) {
			this.batches.add(batch);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BoardConfiguration {

		@Bean
		PriceBoard priceBoard() {
			return new PriceBoard();
		}

	}

	static class Caller {

		final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

		private final IpcClientRegistry registry;

		private final JavaType text;

		Caller(IpcClientRegistry registry, JsonMapper mapper) {
			this.registry = registry;
			this.text = mapper.constructType(String.class);
		}

		@IpcListener(client = "market", topic = "prices")
		void on(Price price) {
			IpcConnection connection = this.registry.connectionTo("market");
			Object answer = connection.call("ping", new Object[0], this.text, Duration.ofSeconds(30)).join();
			this.answers.add(answer + " " + price.symbol());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CallerConfiguration {

		@Bean
		Caller caller(IpcClientRegistry registry, JsonMapper mapper) {
			return new Caller(registry, mapper);
		}

	}

	static class NewsReader {

		final BlockingQueue<String> news = new LinkedBlockingQueue<>();

		@IpcListener(client = "market", topic = "news")
		void on(String text) {
			if (text.equals("boom")) {
				throw new IllegalStateException("boom");
			}
			this.news.add(text);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NewsConfiguration {

		@Bean
		NewsReader newsReader() {
			return new NewsReader();
		}

	}

	static class TwoParameters {

		@IpcListener(client = "market", topic = "prices")
		void on(Price price, String extra) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoParametersConfiguration {

		@Bean
		TwoParameters twoParameters() {
			return new TwoParameters();
		}

	}

	static class UnknownClient {

		@IpcListener(client = "markt", topic = "prices")
		void on(Price price) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownClientConfiguration {

		@Bean
		UnknownClient unknownClient() {
			return new UnknownClient();
		}

	}

}
