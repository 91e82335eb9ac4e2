package dev.socketipc.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.transport.IpcAddress;

/**
 * A peer on plain JDK sockets that plays a server, one connection at a time: it sends a fixed {@code register} line
 * on every connection, records every line the client sends, and answers nothing unless the test says so. It stands
 * for a server that hangs (never answers a ping) or for a seed server (whose register has no protocol).
 */
final class ScriptedServer implements AutoCloseable {

	private final ServerSocketChannel server;

	private final IpcAddress address;

	private final byte[] register;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final List<String> allLines = new CopyOnWriteArrayList<>();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger closedByClient = new AtomicInteger();

	private final Thread acceptor;

	private volatile SocketChannel client;

	private ScriptedServer(ServerSocketChannel server, IpcAddress address, String register) {
		this.server = server;
		this.address = address;
		this.register = (register + "\n").getBytes(StandardCharsets.UTF_8);
		this.acceptor = new Thread(this::serve, "scripted-server");
		this.acceptor.setDaemon(true);
	}

	/**
	 * Binds the address (for TCP, port 0 picks a free port) and starts accepting.
	 * @param address where to listen
	 * @param register the register line sent on every connection, without its newline
	 */
	static ScriptedServer start(IpcAddress address, String register) throws IOException {
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
			server.bind(tcp.socketAddress());
			bound = new IpcAddress.Tcp(tcp.host(), ((InetSocketAddress) server.getLocalAddress()).getPort());
		}
		ScriptedServer scripted = new ScriptedServer(server, bound, register);
		scripted.acceptor.start();
		return scripted;
	}

	IpcAddress address() {
		return this.address;
	}

	/** Returns the next line a client sent, or {@code null} when none came within 10 s. */
	String nextLine() throws InterruptedException {
		return this.lines.poll(TestSockets.WAIT.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Every line received so far, on every connection. */
	List<String> allLines() {
		return List.copyOf(this.allLines);
	}

	/** How many connections were accepted. */
	int accepted() {
		return this.accepted.get();
	}

	/** How many connections the client closed. */
	int closedByClient() {
		return this.closedByClient.get();
	}

	void send(String line) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
		SocketChannel channel = this.client;
		while (buffer.hasRemaining()) {
			channel.write(buffer);
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
			this.client = channel;
			try (channel) {
				ByteBuffer register = ByteBuffer.wrap(this.register);
				while (register.hasRemaining()) {
					channel.write(register);
				}
				readLines(channel);
				this.closedByClient.incrementAndGet();
			}
			catch (IOException ex) {
				// reset by the client or closed by the test: wait for the next connection
			}
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

	@Override
	public void close() throws IOException, InterruptedException {
		this.server.close();
		SocketChannel channel = this.client;
		if (channel != null) {
			channel.close();
		}
		this.acceptor.join(TimeUnit.SECONDS.toMillis(5));
		if (this.address instanceof IpcAddress.Unix unix) {
			Files.deleteIfExists(unix.path());
		}
	}

}
