package dev.socketipc.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.server.IpcServer;
import dev.socketipc.transport.IpcAddress;

/**
 * Three real servers on loopback TCP (port 0), tagged A, B and C, each behind a
 * {@link TcpRelay} so that a test can kill one with calls in flight; each answer starts
 * with its server's tag, so that a test knows which server answered.
 */
final class TaggedServers implements AutoCloseable {

	static final List<String> TAGS = List.of("A", "B", "C");

	/** Which server each held call entered last, by the call's number. */
	final Map<Integer, String> entered = new ConcurrentHashMap<>();

	/** Releases every held call. */
	final CountDownLatch release = new CountDownLatch(1);

	private final List<IpcServer> servers = new ArrayList<>();

	private final List<TcpRelay> relays = new ArrayList<>();

	private TaggedServers() {
	}

	static TaggedServers start() throws IOException {
		TaggedServers started = new TaggedServers();
		for (String tag : TAGS) {
			IpcServer server = ClientTestSockets.startServer(new IpcAddress.Tcp("127.0.0.1", 0),
					new TaggedService(tag, started.entered, started.release));
			started.servers.add(server);
			started.relays.add(TcpRelay.to(server.address()));
		}
		return started;
	}

	/** Returns the relayed address of the server with a tag. */
	IpcAddress address(String tag) {
		return this.relays.get(TAGS.indexOf(tag)).address();
	}

	/** Returns the relayed addresses of the three servers. */
	List<IpcAddress> addresses() {
		return this.relays.stream().map(TcpRelay::address).toList();
	}

	/**
	 * Kills a server as its machine would die: its connections reset, new ones refused.
	 */
	void kill(String tag) throws IOException {
		this.relays.get(TAGS.indexOf(tag)).kill();
	}

	static String tagOf(String answer) {
		return answer.substring(0, answer.indexOf(':'));
	}

	@Override
	public void close() throws IOException {
		this.release.countDown();
		for (TcpRelay relay : this.relays) {
			relay.close();
		}
		this.servers.forEach(IpcServer::stop);
	}

	interface Tagged {

		String echo(int n);

		CompletableFuture<String> echoAsync(int n);

		void ping();

		int length(String text);

		CompletableFuture<String> hold(int n);

		@IpcMethod(idempotent = true)
		CompletableFuture<String> holdAgain(int n);

		Flow.Publisher<String> letters(int n);

	}

	/** Answers with its tag. */
	public static class TaggedService {

		private final String tag;

		private final Map<Integer, String> entered;

		private final CountDownLatch release;

		TaggedService(String tag, Map<Integer, String> entered, CountDownLatch release) {
			this.tag = tag;
			this.entered = entered;
			this.release = release;
		}

		public String echo(int n) {
			return this.tag + ":" + n;
		}

		public String echoAsync(int n) {
			return echo(n);
		}

		public void ping() {
		}

		public int length(String text) {
			return text.length();
		}

		public String hold(int n) throws InterruptedException {
			this.entered.put(n, this.tag);
			this.release.await();
			return echo(n);
		}

		public String holdAgain(int n) throws InterruptedException {
			return hold(n);
		}

		public Stream<String> letters(int n) {
			return Stream.of("a", "b", "c").limit(n).map((letter) -> this.tag + ":" + letter);
		}

	}

}
