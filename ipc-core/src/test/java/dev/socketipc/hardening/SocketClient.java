package dev.socketipc.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.socketipc.transport.IpcAddress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A blocking peer on a plain JDK socket (Unix domain or TCP) that writes raw bytes and collects the server's lines.
 * Unlike a real client it may stop reading, trickle bytes, or never send a newline. Reading starts on
 * {@link #startReading()}, which {@link #connect(IpcAddress)} calls at once.
 */
final class SocketClient implements AutoCloseable {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	/** Queued (by identity) after the last line once the server closed the connection. */
	private static final String EOF = new String("<eof>");

	private final SocketChannel channel;

	private final String name;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private volatile boolean eof;

	private Thread reader;

	private SocketClient(SocketChannel channel, String name) {
		this.channel = channel;
		this.name = name;
	}

	/** Connects and starts reading the server's lines. */
	static SocketClient connect(IpcAddress address) throws IOException {
		return connectWithoutReading(address, 0).startReading();
	}

	/** Connects and reads the {@code register} line the server sends first. */
	static SocketClient connectAndSkipRegister(IpcAddress address) throws IOException {
		SocketClient client = connect(address);
		JsonNode register = client.readJson();
		if (!"register".equals(register.path("action").asString(null))) {
			client.close();
			throw new AssertionError("expected a register message first, got " + register);
		}
		return client;
	}

	/**
	 * Connects without reading anything.
	 * @param address where to connect
	 * @param tcpBufferBytes for TCP, when positive, the socket's send and receive buffer sizes (which also turns off
	 * the kernel's buffer autotuning on this side)
	 */
	static SocketClient connectWithoutReading(IpcAddress address, int tcpBufferBytes) throws IOException {
		SocketChannel channel = SocketChannel
			.open((address instanceof IpcAddress.Unix) ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
		try {
			if (address instanceof IpcAddress.Tcp && tcpBufferBytes > 0) {
				channel.setOption(StandardSocketOptions.SO_RCVBUF, tcpBufferBytes);
				channel.setOption(StandardSocketOptions.SO_SNDBUF, tcpBufferBytes);
			}
			channel.connect(address.socketAddress());
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
		return new SocketClient(channel, address.toString());
	}

	/** Starts the thread that reads the server's lines. */
	synchronized SocketClient startReading() {
		if (this.reader == null) {
			this.reader = new Thread(this::readLoop, "socket-client-" + this.name);
			this.reader.setDaemon(true);
			this.reader.start();
		}
		return this;
	}

	static JsonNode parse(String line) {
		return MAPPER.readTree(line);
	}

	static String request(Object rid, String method, Object... args) {
		StringBuilder line = new StringBuilder("{");
		if (rid != null) {
			line.append("\"rid\":").append(MAPPER.writeValueAsString(rid)).append(',');
		}
		line.append("\"method\":").append(MAPPER.writeValueAsString(method));
		line.append(",\"args\":").append(MAPPER.writeValueAsString(args)).append('}');
		return line.toString();
	}

	private void readLoop() {
		ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
		ByteArrayOutputStream current = new ByteArrayOutputStream();
		try {
			while (this.channel.read(buffer) >= 0) {
				byte[] bytes = buffer.array();
				int start = 0;
				for (int i = 0; i < buffer.position(); i++) {
					if (bytes[i] == '\n') {
						current.write(bytes, start, i - start);
						this.lines.add(current.toString(StandardCharsets.UTF_8));
						current.reset();
						start = i + 1;
					}
				}
				current.write(bytes, start, buffer.position() - start);
				buffer.clear();
			}
		}
		catch (IOException ex) {
			// closed by us, or reset by the server: either ends the stream
		}
		finally {
			if (current.size() > 0) {
				this.lines.add(current.toString(StandardCharsets.UTF_8));
			}
			this.eof = true;
			this.lines.add(EOF);
		}
	}

	/** Writes every byte, blocking while the socket's send buffer is full. */
	void write(ByteBuffer bytes) throws IOException {
		while (bytes.hasRemaining()) {
			this.channel.write(bytes);
		}
	}

	/** Writes raw text as is. */
	void write(String text) {
		try {
			write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes the text followed by {@code \n}. */
	void send(String line) {
		write(line + "\n");
	}

	void call(Object rid, String method, Object... args) {
		send(request(rid, method, args));
	}

	String readLine() {
		return readLine(TestSockets.WAIT);
	}

	/** Reads the next line, failing after the timeout or when the server closed the connection first. */
	String readLine(Duration timeout) {
		String line;
		try {
			line = this.lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while waiting for a line", ex);
		}
		if (line == null) {
			throw new AssertionError("no line from the server within " + timeout);
		}
		if (line == EOF) {
			this.lines.add(EOF);
			throw new AssertionError("the server closed the connection instead of sending a line");
		}
		return line;
	}

	JsonNode readJson() {
		return parse(readLine());
	}

	/** Tells whether the server closed the connection and every line before it was read. */
	boolean isClosedByServer() {
		return this.eof && this.lines.peek() == EOF;
	}

	/** Tells whether the server closed the connection, whether or not its lines were read. */
	boolean sawEndOfStream() {
		return this.eof;
	}

	boolean hasPendingLine() {
		String next = this.lines.peek();
		return next != null && next != EOF;
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
		Thread thread;
		synchronized (this) {
			thread = this.reader;
		}
		if (thread != null) {
			try {
				thread.join(TimeUnit.SECONDS.toMillis(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
