package dev.socketipc.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.socketipc.transport.IpcAddress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bare-bones protocol peer for tests, over a real Unix or TCP socket: writes request lines and reads answer lines
 * on a background thread, so that every read has a timeout.
 */
final class IpcTestClient implements AutoCloseable {

	private static final long TIMEOUT_SECONDS = 10;

	/** Queued (by identity) when the server closes the connection. */
	private static final String END_OF_STREAM = new String("<end of stream>");

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final SocketChannel channel;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final Map<Integer, JsonNode> unclaimedAnswers = new HashMap<>();

	private IpcTestClient(SocketChannel channel) {
		this.channel = channel;
		Thread reader = new Thread(this::readLines, "ipc-test-client-reader");
		reader.setDaemon(true);
		reader.start();
	}

	static IpcTestClient connect(IpcAddress address) throws IOException {
		return new IpcTestClient(SocketChannel.open(address.socketAddress()));
	}

	/**
	 * Tells whether a new connection to the address is accepted.
	 */
	static boolean accepts(IpcAddress address) {
		try (SocketChannel channel = SocketChannel.open(address.socketAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private void readLines() {
		ByteBuffer buffer = ByteBuffer.allocate(8192);
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		try {
			while (this.channel.read(buffer) >= 0) {
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
		catch (IOException ex) {
			// closed by the test or reset by the server: either way, the end of the stream
		}
		this.lines.add(END_OF_STREAM);
	}

	/**
	 * Sends one line; the terminating {@code \n} is added.
	 */
	void send(String line) throws IOException {
		ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
		while (bytes.hasRemaining()) {
			this.channel.write(bytes);
		}
	}

	/**
	 * Sends {@code {"rid":rid,"method":method,"args":[...]}}.
	 */
	void request(int rid, String method, Object... args) throws IOException {
		ObjectNode request = MAPPER.createObjectNode();
		request.put("rid", rid);
		request.put("method", method);
		ArrayNode array = request.putArray("args");
		for (Object arg : args) {
			array.add(MAPPER.valueToTree(arg));
		}
		send(MAPPER.writeValueAsString(request));
	}

	/**
	 * Sends a request and waits for its answer, keeping answers to other requests for later.
	 */
	JsonNode call(int rid, String method, Object... args) throws IOException {
		request(rid, method, args);
		return answer(rid);
	}

	/**
	 * Waits for the answer carrying the given rid; lines without a rid (such as {@code register}) are skipped.
	 */
	JsonNode answer(int rid) {
		JsonNode kept = this.unclaimedAnswers.remove(rid);
		if (kept != null) {
			return kept;
		}
		while (true) {
			JsonNode message = nextMessage();
			JsonNode messageRid = message.get("rid");
			if (messageRid == null) {
				continue;
			}
			if (messageRid.asInt() == rid) {
				return message;
			}
			this.unclaimedAnswers.put(messageRid.asInt(), message);
		}
	}

	/**
	 * Waits for the next line, as received (without its {@code \n}).
	 * @throws AssertionError when none comes in time or the server closed the connection
	 */
	String nextLine() {
		String line;
		try {
			line = this.lines.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while waiting for a line", ex);
		}
		if (line == null) {
			throw new AssertionError("no line received within " + TIMEOUT_SECONDS + " seconds");
		}
		if (line == END_OF_STREAM) {
			this.lines.add(END_OF_STREAM);
			throw new AssertionError("the server closed the connection");
		}
		return line;
	}

	/**
	 * Waits for the next line and parses it.
	 */
	JsonNode nextMessage() {
		return MAPPER.readTree(nextLine());
	}

	/**
	 * Waits for the server to close the connection, skipping any line still to come.
	 * @throws AssertionError when the connection stays open
	 */
	void awaitEndOfStream() {
		while (true) {
			String line;
			try {
				line = this.lines.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted while waiting for the end of the stream", ex);
			}
			if (line == null) {
				throw new AssertionError("the connection is still open after " + TIMEOUT_SECONDS + " seconds");
			}
			if (line == END_OF_STREAM) {
				this.lines.add(END_OF_STREAM);
				return;
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
