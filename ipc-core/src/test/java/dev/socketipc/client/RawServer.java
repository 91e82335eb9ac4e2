package dev.socketipc.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.socketipc.transport.IpcAddress;

/**
 * A bare-bones peer on plain JDK sockets, one connection at a time: it sends a {@code register} line when a client
 * connects, records every line the client sends, and answers only what the test tells it to. It lets a test see the
 * exact bytes a client writes and drop a connection without answering, which a real server never does.
 */
final class RawServer implements AutoCloseable {

	private final ServerSocketChannel server;

	private final IpcAddress address;

	private final byte[] register;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final Thread acceptor;

	private volatile SocketChannel client;

	private volatile OnAccept onAccept = OnAccept.REGISTER;

	/** What the server does when a client connects. */
	enum OnAccept {

		/** Sends its {@code register} line at once, as a real server does. */
		REGISTER,

		/** Sends nothing until {@link #sendRegister()}: the client's connection attempt stays in progress. */
		WAIT,

		/** Closes the connection at once, as a TLS server does to a plaintext client. */
		CLOSE

	}

	private RawServer(ServerSocketChannel server, IpcAddress address, List<String> methods) {
		this.server = server;
		this.address = address;
		this.register = (methods.stream()
			.map((name) -> "\"" + name + "\"")
			.collect(Collectors.joining(",", "{\"action\":\"register\",\"methods\":[", "],\"protocol\":1}\n")))
			.getBytes(StandardCharsets.UTF_8);
		this.acceptor = new Thread(this::serve, "raw-server");
		this.acceptor.setDaemon(true);
	}

	/**
	 * Binds the address (for TCP, port 0 picks a free port) and starts accepting.
	 * @param address where to listen
	 * @param methods the names the {@code register} line lists
	 * @return the running server
	 */
	static RawServer start(IpcAddress address, String... methods) throws IOException {
		return start(address, OnAccept.REGISTER, methods);
	}

	/**
	 * Like {@link #start(IpcAddress, String...)}, but doing what {@code onAccept} says when a client connects.
	 */
	static RawServer start(IpcAddress address, OnAccept onAccept, String... methods) throws IOException {
		ServerSocketChannel server;
		IpcAddress bound;
		if (address instanceof IpcAddress.Unix unix) {
			server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
			server.bind(unix.socketAddress());
			bound = unix;
		}
		else {
			IpcAddress.Tcp tcp = (IpcAddress.Tcp) address;
			server = ServerSocketChannel.open();
			server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			server.bind(tcp.socketAddress());
			bound = new IpcAddress.Tcp(tcp.host(), ((InetSocketAddress) server.getLocalAddress()).getPort());
		}
		RawServer raw = new RawServer(server, bound, List.of(methods));
		raw.onAccept = onAccept;
		raw.acceptor.start();
		return raw;
	}

	IpcAddress address() {
		return this.address;
	}

	/**
	 * Returns the next line a client sent, waiting up to 10 s for it.
	 * @return the line without its {@code \n}, or {@code null} when none came
	 */
	String nextLine() throws InterruptedException {
		return this.lines.poll(10, TimeUnit.SECONDS);
	}

	/**
	 * Returns the next line a client sent, waiting up to the given time: for checking that nothing came.
	 * @return the line, or {@code null} when none came
	 */
	String nextLineWithin(java.time.Duration wait) throws InterruptedException {
		return this.lines.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** Sends a line (the {@code \n} is added) to the connected client. */
	void send(String line) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
		SocketChannel channel = this.client;
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
	}

	/** Sends the {@code register} line to the connected client (wait for {@link #hasClient()} first). */
	void sendRegister() throws IOException {
		send(new String(this.register, StandardCharsets.UTF_8).strip());
	}

	/** Tells whether a client is connected (or was, until the next one connects). */
	boolean hasClient() {
		return this.client != null;
	}

	/** Closes the connected client's socket without answering anything. */
	void dropConnection() throws IOException {
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
			if (this.onAccept == OnAccept.CLOSE) {
				closeQuietly(channel);
				continue;
			}
			this.client = channel;
			try (channel) {
				ByteBuffer register = ByteBuffer.wrap((this.onAccept == OnAccept.REGISTER) ? this.register : new byte[0]);
				while (register.hasRemaining()) {
					channel.write(register);
				}
				readLines(channel);
			}
			catch (IOException ex) {
				// The client went away or the test dropped the connection: wait for the next one.
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
					this.lines.add(line.toString(StandardCharsets.UTF_8));
					line.reset();
				}
				else {
					line.write(b);
				}
			}
			buffer.clear();
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.server.close();
		dropConnection();
		this.acceptor.join(TimeUnit.SECONDS.toMillis(5));
		if (this.address instanceof IpcAddress.Unix unix) {
			Files.deleteIfExists(unix.path());
		}
	}

}
