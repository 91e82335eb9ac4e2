package dev.socketipc.client;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.socketipc.client.ClientTestSockets.Transport;
import dev.socketipc.testsupport.ScriptedServer;
import dev.socketipc.testsupport.SocketPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that floods the client with lines it cannot use (answers with string rids,
 * malformed lines) gets a few WARN lines, each counting the ones held back, not one per
 * line.
 */
class ClientLogFloodTest {

	private static final int FLOOD = 20_000;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger(IpcConnection.class),
			(Logger) LoggerFactory.getLogger(ClientHandler.class));

	private Path directory;

	private ScriptedServer raw;

	private IpcConnection connection;

	@BeforeEach
	void capture() throws Exception {
		this.directory = SocketPaths.newSocketDirectory();
		this.appender.start();
		this.loggers.forEach((logger) -> logger.addAppender(this.appender));
	}

	@AfterEach
	void stop() throws Exception {
		this.loggers.forEach((logger) -> logger.detachAppender(this.appender));
		if (this.connection != null) {
			this.connection.close();
		}
		if (this.raw != null) {
			this.raw.close();
		}
		SocketPaths.deleteRecursively(this.directory);
	}

	interface Calc {

		CompletableFuture<Integer> add(int a, int b);

	}

	@Test
	void floodOfUnsolicitedAnswersAndMalformedLinesLogsAFewWarningsNotOneEach() throws Exception {
		// One test for both transports: the limiters are shared by every connection in
		// the JVM, as they must be.
		for (Transport transport : Transport.values()) {
			flood(transport);
		}

		List<String> warnings = this.appender.list.stream()
			.filter((event) -> event.getLevel() == Level.WARN)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
		assertThat(warnings.stream().filter((line) -> line.startsWith("Ignoring an answer without a rid")))
			.hasSizeBetween(1, 4)
			.first()
			.asString()
			.matches("Ignoring an answer without a rid this client sent from .+: null unsolicited \\(\\d+ similar "
					+ "messages suppressed\\)");
		assertThat(warnings.stream().filter((line) -> line.startsWith("Ignoring a malformed line")))
			.hasSizeLessThanOrEqualTo(4);
		assertThat(warnings).hasSizeLessThanOrEqualTo(8);
	}

	private void flood(Transport transport) throws Exception {
		this.raw = ClientTestSockets.startScripted(transport.bindAddress(this.directory), "add");
		this.connection = ClientTestSockets.connection(ClientTestSockets.addressOf(this.raw));
		Calc client = IpcClientFactory.create(Calc.class, this.connection, ClientOptions.defaults());
		CompletableFuture<Integer> sum = client.add(1, 2);
		assertThat(this.raw.nextLine()).isEqualTo("{\"rid\":1,\"method\":\"add\",\"args\":[1,2]}");

		StringBuilder flood = new StringBuilder();
		for (int i = 0; i < FLOOD; i++) {
			flood.append("{\"success\":false,\"rid\":\"r").append(i).append("\",\"error\":\"unsolicited\"}\n");
			flood.append("{not json ").append(i).append('\n');
		}
		this.raw.send(flood.append("{\"success\":true,\"rid\":1,\"data\":3}").toString());
		// The real answer comes after the flood on the same connection: once it is read,
		// so is the flood.
		assertThat(sum.get(30, TimeUnit.SECONDS)).isEqualTo(3);
		assertThat(this.connection.isReady()).isTrue();
		this.connection.close();
		this.raw.close();
	}

}
