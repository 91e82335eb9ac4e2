package dev.socketipc.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.channel.local.LocalAddress;

/**
 * A raw line client on a plain JDK socket (Unix domain or TCP), or on a Netty
 * {@code LocalChannel} for a {@code local:} server ({@link LocalAddress}): it writes
 * lines, raw text or raw bytes, and reads the server's lines all the time (so that a
 * client pipelining many requests never stalls the server on a full socket buffer) into a
 * queue that every read takes from with a timeout. Unlike a real client it may stop
 * reading ({@link #connectWithoutReading}), trickle bytes, never send a newline, or
 * half-close.
 *
 * <p>
 * It knows no JSON beyond writing a request line ({@link #request}); parse what it reads
 * with the test's own mapper. Thread-safe for one writing thread and one reading thread.
 */
public final class LineClient implements AutoCloseable {

	/** How long a read waits by default: a bound against hangs, not a timing. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/** Queued (by identity) after the last line once the server closed the connection. */
	private static final String EOF = new String("<eof>");

	private final LineLink link;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	/** The line being read; touched by the one thread that delivers bytes. */
	private final ByteArrayOutputStream current = new ByteArrayOutputStream();

	private final AtomicBoolean ended = new AtomicBoolean();

	private volatile boolean eof;

	private boolean reading;

	private LineClient(LineLink link) {
		this.link = link;
	}

	/**
	 * Connects and starts reading the server's lines.
	 * @param address a {@link UnixDomainSocketAddress}, an {@link InetSocketAddress} or a
	 * {@link LocalAddress}
	 * @return the connected client
	 * @throws IOException when the connection is refused
	 */
	public static LineClient connect(SocketAddress address) throws IOException {
		return connectWithoutReading(address, 0).startReading();
	}

	/**
	 * Connects, then reads the {@code register} line the server sends first.
	 * @param address a {@link UnixDomainSocketAddress}, an {@link InetSocketAddress} or a
	 * {@link LocalAddress}
	 * @return the connected client, its next line the first after the register
	 * @throws IOException when the connection is refused
	 * @throws AssertionError when the first line is not a register message
	 */
	public static LineClient connectAndSkipRegister(SocketAddress address) throws IOException {
		LineClient client = connect(address);
		String register = client.readLine();
		if (!register.replace(" ", "").contains("\"action\":\"register\"")) {
			client.close();
			throw new AssertionError("expected a register message first, got " + register);
		}
		return client;
	}

	/**
	 * Connects without reading anything until {@link #startReading()}.
	 * @param address a {@link UnixDomainSocketAddress}, an {@link InetSocketAddress} or a
	 * {@link LocalAddress}
	 * @param tcpBufferBytes for TCP, when positive, the socket's send and receive buffer
	 * sizes (which also turns off the kernel's buffer autotuning on this side)
	 * @return the connected client
	 * @throws IOException when the connection is refused
	 */
	public static LineClient connectWithoutReading(SocketAddress address, int tcpBufferBytes) throws IOException {
		if (address instanceof LocalAddress local) {
			return new LineClient(LocalLink.connect(local));
		}
		boolean unix = address instanceof UnixDomainSocketAddress;
		SocketChannel channel = SocketChannel.open(unix ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
		try {
			if (!unix && tcpBufferBytes > 0) {
				channel.setOption(StandardSocketOptions.SO_RCVBUF, tcpBufferBytes);
				channel.setOption(StandardSocketOptions.SO_SNDBUF, tcpBufferBytes);
			}
			channel.connect(address);
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
		return new LineClient(new SocketLink(channel, address.toString()));
	}

	/**
	 * Tells whether a new connection to the address is accepted (and closes it at once).
	 * @param address a {@link UnixDomainSocketAddress}, an {@link InetSocketAddress} or a
	 * {@link LocalAddress}
	 * @return whether the connection was accepted
	 */
	public static boolean accepts(SocketAddress address) {
		try {
			connectWithoutReading(address, 0).close();
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Returns {@code {"rid":rid,"method":method,"args":args}}: a string rid is quoted, a
	 * number rid is not, a {@code null} rid is left out.
	 * @param rid the request id, a string, a number or {@code null}
	 * @param method the method name
	 * @param args strings, numbers, booleans, {@code null}s, lists, arrays or maps of
	 * those
	 * @return the line, without its newline
	 */
	public static String request(Object rid, String method, Object... args) {
		StringBuilder line = new StringBuilder("{");
		if (rid != null) {
			line.append("\"rid\":");
			JsonText.append(line, rid);
			line.append(',');
		}
		line.append("\"method\":");
		JsonText.append(line, method);
		line.append(",\"args\":");
		JsonText.append(line, args);
		return line.append('}').toString();
	}

	/**
	 * Starts the thread that reads the server's lines, when not started yet.
	 * @return this client
	 */
	public synchronized LineClient startReading() {
		if (!this.reading) {
			this.reading = true;
			this.link.startReading(this);
		}
		return this;
	}

	/** Takes bytes the server sent, from the one thread that delivers them. */
	void received(byte[] bytes, int length) {
		int start = 0;
		for (int i = 0; i < length; i++) {
			if (bytes[i] == '\n') {
				this.current.write(bytes, start, i - start);
				this.lines.add(this.current.toString(StandardCharsets.UTF_8));
				this.current.reset();
				start = i + 1;
			}
		}
		this.current.write(bytes, start, length - start);
	}

	/** Takes the end of the stream, once. */
	void ended() {
		if (!this.ended.compareAndSet(false, true)) {
			return;
		}
		if (this.current.size() > 0) {
			this.lines.add(this.current.toString(StandardCharsets.UTF_8));
		}
		this.eof = true;
		this.lines.add(EOF);
	}

	/**
	 * Writes the text followed by {@code \n}.
	 * @param line the line
	 */
	public void send(String line) {
		write(line + "\n");
	}

	/**
	 * Sends {@link #request(Object, String, Object...)} as a line.
	 * @param rid the request id, a string, a number or {@code null}
	 * @param method the method name
	 * @param args the arguments
	 */
	public void call(Object rid, String method, Object... args) {
		send(request(rid, method, args));
	}

	/**
	 * Writes raw text as is (several lines at once when it holds several {@code \n}).
	 * @param text the text, written as UTF-8
	 */
	public void write(String text) {
		writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Writes raw bytes as is, valid UTF-8 or not.
	 * @param raw the bytes
	 */
	public void writeBytes(byte[] raw) {
		try {
			write(ByteBuffer.wrap(raw));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Writes every remaining byte, blocking while the socket's send buffer is full.
	 * @param bytes the bytes
	 * @throws IOException when the connection is gone
	 */
	public void write(ByteBuffer bytes) throws IOException {
		this.link.write(bytes);
	}

	/**
	 * Shuts down the write side, as {@code socat} and {@code nc -N} do at the end of
	 * their input; reading goes on. Over {@code local:} it sends the end-of-output
	 * message the server's local half-close expects.
	 */
	public void shutdownOutput() {
		try {
			this.link.shutdownOutput();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads the next line, waiting up to {@link #DEFAULT_TIMEOUT}.
	 * @return the line, without its {@code \n}
	 * @throws AssertionError when none comes in time or the server closed the connection
	 * first
	 */
	public String readLine() {
		return readLine(DEFAULT_TIMEOUT);
	}

	/**
	 * Reads the next line.
	 * @param timeout how long to wait
	 * @return the line, without its {@code \n}
	 * @throws AssertionError when none comes in time or the server closed the connection
	 * first
	 */
	public String readLine(Duration timeout) {
		String line = poll(timeout, "a line");
		if (line == null) {
			throw new AssertionError("no line from the server within " + timeout);
		}
		if (line == EOF) {
			this.lines.add(EOF);
			throw new AssertionError("the server closed the connection instead of sending a line");
		}
		return line;
	}

	/**
	 * Reads the next lines, each waiting up to {@link #DEFAULT_TIMEOUT}.
	 * @param count how many lines
	 * @return the lines, without their {@code \n}
	 * @throws AssertionError when one does not come in time or the server closed the
	 * connection first
	 */
	public List<String> readLines(int count) {
		List<String> read = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			read.add(readLine());
		}
		return read;
	}

	/**
	 * Waits for the server to close the connection, skipping any line still to come.
	 * @throws AssertionError when the connection stays open for {@link #DEFAULT_TIMEOUT}
	 */
	public void awaitEndOfStream() {
		while (true) {
			String line = poll(DEFAULT_TIMEOUT, "the end of the stream");
			if (line == null) {
				throw new AssertionError("the connection is still open after " + DEFAULT_TIMEOUT);
			}
			if (line == EOF) {
				this.lines.add(EOF);
				return;
			}
		}
	}

	private String poll(Duration timeout, String awaited) {
		try {
			return this.lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while waiting for " + awaited, ex);
		}
	}

	/**
	 * Tells whether the server closed the connection and every line before it was read.
	 * @return whether only the end of the stream is left
	 */
	public boolean isClosedByServer() {
		return this.eof && this.lines.peek() == EOF;
	}

	/**
	 * Tells whether the server closed the connection, whether or not its lines were read.
	 * @return whether the end of the stream was seen
	 */
	public boolean sawEndOfStream() {
		return this.eof;
	}

	/**
	 * Tells whether lines are waiting to be read.
	 * @return whether a line is queued
	 */
	public boolean hasPendingLine() {
		String next = this.lines.peek();
		return next != null && next != EOF;
	}

	/**
	 * Closes the connection and waits a moment for reading to end.
	 * @throws IOException when closing fails
	 */
	@Override
	public void close() throws IOException {
		this.link.close();
	}

}
