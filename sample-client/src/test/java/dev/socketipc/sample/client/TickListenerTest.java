package dev.socketipc.sample.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.socketipc.sample.listener.TickEvents;
import dev.socketipc.sample.listener.TickListener;
import dev.socketipc.sample.server.SampleServerApplication;
import dev.socketipc.server.IpcServer;
import dev.socketipc.testsupport.SocketPaths;
import dev.socketipc.transport.IpcAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's {@code @IpcListener} ({@link TickListener}) in the sample client, against
 * the real sample server: subscribed when the client connects, it receives the ticks of
 * {@code clock} in order; so does the README's {@code @EventListener} of
 * {@code IpcTopicEvent}s ({@link TickEvents}) with {@code application-events=true}.
 */
@Timeout(120)
class TickListenerTest {

	private Path socketDirectory;

	private ConfigurableApplicationContext server;

	private ConfigurableApplicationContext client;

	@AfterEach
	void stop() throws IOException {
		try {
			if (this.client != null) {
				this.client.close();
			}
			if (this.server != null) {
				this.server.close();
			}
		}
		finally {
			if (this.socketDirectory != null) {
				SocketPaths.deleteRecursively(this.socketDirectory);
			}
		}
	}

	@Test
	void anIpcListenerReceivesTheTicksInOrder() throws Exception {
		IpcAddress address = startSampleServer();
		this.client = new SpringApplicationBuilder(SampleClientApplication.class, TickListener.class)
			.web(WebApplicationType.NONE)
			.run("--ipc.client.servers.sample-server.address=" + address);
		BlockingQueue<Tick> ticks = this.client.getBean(TickListener.class).ticks();

		List<Long> seqs = List.of(next(ticks).seq(), next(ticks).seq());

		assertThat(seqs).containsExactly(1L, 2L);
		assertThat(this.server.getBean(IpcServer.class).events().subscribers("clock")).isEqualTo(1);
	}

	@Test
	void applicationEventsCarryTheTicksToEventListeners() throws Exception {
		IpcAddress address = startSampleServer();
		this.client = new SpringApplicationBuilder(SampleClientApplication.class, TickEvents.class)
			.web(WebApplicationType.NONE)
			.run("--ipc.client.servers.sample-server.address=" + address,
					"--ipc.client.servers.sample-server.application-events=true");
		BlockingQueue<Tick> ticks = this.client.getBean(TickEvents.class).ticks();

		assertThat(List.of(next(ticks).seq(), next(ticks).seq())).containsExactly(1L, 2L);
	}

	private static Tick next(BlockingQueue<Tick> ticks) throws InterruptedException {
		Tick tick = ticks.poll(30, TimeUnit.SECONDS);
		assertThat(tick).as("a tick within 30 s").isNotNull();
		return tick;
	}

	private IpcAddress startSampleServer() throws IOException {
		this.socketDirectory = SocketPaths.newSocketDirectory();
		this.server = new SpringApplicationBuilder(SampleServerApplication.class).web(WebApplicationType.NONE)
			.run("--ipc.server.address=unix:" + this.socketDirectory.resolve("sample.sock"),
					"--spring.application.name=sample-server");
		return this.server.getBean(IpcServer.class).address();
	}

}
