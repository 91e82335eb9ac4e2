package dev.socketipc.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.socketipc.transport.IpcAddress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A blocking test client over a real socket (Unix domain or TCP): writes lines, and reads the server's lines with a
 * timeout. A daemon thread reads the socket all the time, so that a client pipelining many requests never stalls the
 * server on a full socket buffer.
 */
final class LineClient implements AutoCloseable {

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	/** Queued (by identity) after the last line once the server closed the connection. */
	private static final String EOF = new String("<eof>");

	private final SocketChannel channel;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final Thread reader;

	private volatile boolean eof;

	private LineClient(SocketChannel channel, String name) {
		this.channel = channel;
		this.reader = new Thread(this::readLoop, "line-client-" + name);
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Connects to a server.
	 * @param address a Unix or TCP address (for TCP, the bound port)
	 * @return the connected client
	 * @throws IOException when the connection is refused
	 */
	static LineClient connect(IpcAddress address) throws IOException {
		SocketAddress target = address.socketAddress();
		SocketChannel channel = SocketChannel.open(target);
		return new LineClient(channel, address.toString());
	}

	/** Connects and reads the {@code register} line the server sends first. */
	static LineClient connectAndSkipRegister(IpcAddress address) throws IOException {
		LineClient client = connect(address);
		JsonNode register = client.readJson();
		if (!"register".equals(register.path("action").asString(null))) {
			client.close();
			throw new AssertionError("expected a register message first, got " + register);
		}
		return client;
	}

	/** Parses one line of JSON. */
	static JsonNode parse(String line) {
		return MAPPER.readTree(line);
	}

	private void readLoop() {
		ByteBuffer buffer = ByteBuffer.allocate(8192);
		ByteArrayOutputStream current = new ByteArrayOutputStream();
		try {
			while (this.channel.read(buffer) >= 0) {
				buffer.flip();
				while (buffer.hasRemaining()) {
					byte b = buffer.get();
					if (b == '\n') {
						this.lines.add(current.toString(StandardCharsets.UTF_8));
						current.reset();
					}
					else {
						current.write(b);
					}
				}
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

	/** Writes the text followed by {@code \n}. */
	void send(String line) {
		write(line + "\n");
	}

	/** Writes raw text as is (several lines at once when it holds several {@code \n}). */
	void write(String text) {
		writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

	/** Writes raw bytes as is, valid UTF-8 or not. */
	void writeBytes(byte[] raw) {
		ByteBuffer bytes = ByteBuffer.wrap(raw);
		try {
			while (bytes.hasRemaining()) {
				this.channel.write(bytes);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Shuts down the write side, as {@code socat} and {@code nc -N} do at the end of their input; reading goes on. */
	void shutdownOutput() {
		try {
			this.channel.shutdownOutput();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Sends {@code {"rid":rid,"method":method,"args":args}}; a string rid is quoted, a number rid is not. */
	void call(Object rid, String method, Object... args) {
		send(request(rid, method, args));
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

	/** Reads the next line, failing after the default timeout or when the server closed the connection. */
	String readLine() {
		return readLine(DEFAULT_TIMEOUT);
	}

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

	/** Reads {@code count} lines as JSON. */
	List<JsonNode> readJson(int count) {
		List<JsonNode> messages = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			messages.add(readJson());
		}
		return messages;
	}

	/** Tells whether the server closed the connection and every line before it was read. */
	boolean isClosedByServer() {
		return this.eof && this.lines.peek() == EOF;
	}

	/** Tells whether lines are waiting to be read. */
	boolean hasPendingLine() {
		String next = this.lines.peek();
		return next != null && next != EOF;
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
		try {
			this.reader.join(TimeUnit.SECONDS.toMillis(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
