package dev.socketipc.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A fake server on plain JDK sockets (Unix domain or TCP), one connection at a time: it
 * sends a fixed {@code register} line when a client connects (or waits, or closes at
 * once), records every line the client sends, and answers only what the test tells it to.
 * It lets a test see the exact bytes a client writes, hang (never answer a ping), play a
 * seed server (a register without protocol) or drop a connection without answering, which
 * a real server never does.
 *
 * <p>
 * Thread-safe: one daemon thread accepts and reads; the test thread sends, reads the
 * recorded lines and closes.
 */
public final class ScriptedServer implements AutoCloseable {

	/** How long {@link #nextLine()} waits: a bound against hangs, not a timing. */
	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ServerSocketChannel server;

	private final SocketAddress address;

	private final byte[] register;

	private final OnAccept onAccept;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final List<String> allLines = new CopyOnWriteArrayList<>();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger closedByClient = new AtomicInteger();

	private final Thread acceptor;

	private volatile SocketChannel client;

	/** What the server does when a client connects. */
	public enum OnAccept {

		/** Sends its {@code register} line at once, as a real server does. */
		REGISTER,

		/**
		 * Sends nothing until {@link #sendRegister()}: the client's connection attempt
		 * stays in progress.
		 */
		WAIT,

		/** Closes the connection at once, as a TLS server does to a plaintext client. */
		CLOSE

	}

	private ScriptedServer(ServerSocketChannel server, SocketAddress address, String register, OnAccept onAccept) {
		this.server = server;
		this.address = address;
		this.register = (register + "\n").getBytes(StandardCharsets.UTF_8);
		this.onAccept = onAccept;
		this.acceptor = new Thread(this::serve, "scripted-server");
		this.acceptor.setDaemon(true);
	}

	/**
	 * Returns the {@code register} line of a current server offering the given methods
	 * (protocol 1).
	 * @param methods the method names it lists
	 * @return the line, without its newline
	 */
	public static String registerLine(String... methods) {
		return List.of(methods)
			.stream()
			.map((name) -> "\"" + name + "\"")
			.collect(Collectors.joining(",", "{\"action\":\"register\",\"methods\":[", "],\"protocol\":1}"));
	}

	/**
	 * Binds the address (for TCP, port 0 picks a free port) and starts accepting, sending
	 * the register line on every connection.
	 * @param address a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress}
	 * @param register the register line, without its newline
	 * @return the running server
	 * @throws IOException when the address cannot be bound
	 */
	public static ScriptedServer start(SocketAddress address, String register) throws IOException {
		return start(address, OnAccept.REGISTER, register);
	}

	/**
	 * Like {@link #start(SocketAddress, String)}, but doing what {@code onAccept} says
	 * when a client connects.
	 * @param address a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress}
	 * @param onAccept what to do on each connection
	 * @param register the register line, without its newline
	 * @return the running server
	 * @throws IOException when the address cannot be bound
	 */
	public static ScriptedServer start(SocketAddress address, OnAccept onAccept, String register) throws IOException {
		ServerSocketChannel server;
		SocketAddress bound;
		if (address instanceof UnixDomainSocketAddress) {
			server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
			server.bind(address);
			bound = address;
		}
		else {
			server = ServerSocketChannel.open();
			server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			server.bind(address);
			bound = new InetSocketAddress(((InetSocketAddress) address).getHostString(),
					((InetSocketAddress) server.getLocalAddress()).getPort());
		}
		ScriptedServer scripted = new ScriptedServer(server, bound, register, onAccept);
		scripted.acceptor.start();
		return scripted;
	}

	/**
	 * Returns where it listens: the Unix address as given, or the TCP host as given with
	 * the bound port.
	 * @return the address
	 */
	public SocketAddress address() {
		return this.address;
	}

	/**
	 * Returns the next line a client sent, waiting up to 10 s for it.
	 * @return the line without its {@code \n}, or {@code null} when none came
	 * @throws InterruptedException when interrupted while waiting
	 */
	public String nextLine() throws InterruptedException {
		return nextLineWithin(WAIT);
	}

	/**
	 * Returns the next line a client sent, waiting up to the given time: for checking
	 * that nothing came.
	 * @param wait how long to wait
	 * @return the line, or {@code null} when none came
	 * @throws InterruptedException when interrupted while waiting
	 */
	public String nextLineWithin(Duration wait) throws InterruptedException {
		return this.lines.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Returns every line received so far, on every connection, read or not.
	 * @return a copy of the lines
	 */
	public List<String> allLines() {
		return List.copyOf(this.allLines);
	}

	/**
	 * Returns how many connections were accepted.
	 * @return the count
	 */
	public int accepted() {
		return this.accepted.get();
	}

	/**
	 * Returns how many connections the client closed.
	 * @return the count
	 */
	public int closedByClient() {
		return this.closedByClient.get();
	}

	/**
	 * Sends a line (the {@code \n} is added) to the connected client.
	 * @param line the line
	 * @throws IOException when the connection is gone
	 */
	public void send(String line) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
		SocketChannel channel = this.client;
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
	}

	/**
	 * Sends the {@code register} line to the connected client (wait for
	 * {@link #hasClient()} first).
	 * @throws IOException when the connection is gone
	 */
	public void sendRegister() throws IOException {
		send(new String(this.register, StandardCharsets.UTF_8).strip());
	}

	/**
	 * Tells whether a client is connected (or was, until the next one connects).
	 * @return whether a connection was accepted and kept
	 */
	public boolean hasClient() {
		return this.client != null;
	}

	/**
	 * Closes the connected client's socket without answering anything.
	 * @throws IOException when closing fails
	 */
	public void dropConnection() throws IOException {
		SocketChannel channel = this.client;
		if (channel != null) {
			channel.close();
		}
	}

	private void serve() {
		while (this.server.isOpen()) {
			SocketChannel channel;
			try {
				channel = this.server.accept();
			}
			catch (IOException ex) {
				return;
			}
			this.accepted.incrementAndGet();
			if (this.onAccept == OnAccept.CLOSE) {
				closeQuietly(channel);
				continue;
			}
			this.client = channel;
			try (channel) {
				ByteBuffer register = ByteBuffer
					.wrap((this.onAccept == OnAccept.REGISTER) ? this.register : new byte[0]);
				while (register.hasRemaining()) {
					channel.write(register);
				}
				readLines(channel);
				this.closedByClient.incrementAndGet();
			}
			catch (IOException ex) {
				// The client went away or the test dropped the connection: wait for the
				// next one.
			}
		}
	}

	private static void closeQuietly(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// Closed either way.
		}
	}

	private void readLines(SocketChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(8192);
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		while (channel.read(buffer) >= 0) {
			buffer.flip();
			while (buffer.hasRemaining()) {
				byte b = buffer.get();
				if (b == '\n') {
					String text = line.toString(StandardCharsets.UTF_8);
					this.allLines.add(text);
					this.lines.add(text);
					line.reset();
				}
				else {
					line.write(b);
				}
			}
			buffer.clear();
		}
	}

	/**
	 * Stops accepting, closes the current connection and, for Unix, deletes the socket
	 * file.
	 * @throws IOException when closing fails
	 * @throws InterruptedException when interrupted while waiting for the accepting
	 * thread
	 */
	@Override
	public void close() throws IOException, InterruptedException {
		this.server.close();
		dropConnection();
		this.acceptor.join(TimeUnit.SECONDS.toMillis(5));
		if (this.address instanceof UnixDomainSocketAddress unix) {
			Files.deleteIfExists(unix.getPath());
		}
	}

}
