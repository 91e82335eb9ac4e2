package dev.socketipc.benchmarks;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The measuring side of the startup cell, plain JDK (no Netty): tries to connect to a
 * Unix socket path every millisecond until the server accepts, reads its {@code register}
 * line, sends {@code add(1,2,3,4,5)} and requires {@code "data":15}. Servers bind in a
 * private directory and rename the socket into place, so the path appears only once they
 * accept.
 */
final class FirstAnswer {

	static final String REQUEST = "{\"rid\":1,\"method\":\"add\",\"args\":[1,2,3,4,5]}\n";

	private FirstAnswer() {
	}

	/**
	 * Waits for the first answer of a server being started.
	 * @param process the server, to fail fast when it dies
	 * @param socket the path it will listen on
	 * @param timeout how long it may take
	 * @throws WrongAnswerException when the answer is not 15
	 * @throws IllegalStateException when the process ends or the timeout passes first
	 */
	static void await(Process process, Path socket, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
		while (true) {
			SocketChannel channel = connect(address);
			if (channel != null) {
				call(channel, socket);
				return;
			}
			if (!process.isAlive()) {
				throw new IllegalStateException(
						"the server ended with " + process.exitValue() + " before it listened on " + socket);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("nothing listened on " + socket + " within " + timeout);
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
	}

	private static SocketChannel connect(UnixDomainSocketAddress address) {
		SocketChannel channel = null;
		try {
			channel = SocketChannel.open(StandardProtocolFamily.UNIX);
			channel.connect(address);
			return channel;
		}
		catch (IOException ex) {
			closeQuietly(channel);
			return null;
		}
	}

	private static void call(SocketChannel channel, Path socket) {
		try (channel) {
			String register = line(channel);
			if (!register.contains("\"register\"")) {
				throw new WrongAnswerException(
						"the server on " + socket + " sent '" + register + "' where the register line was expected");
			}
			channel.write(ByteBuffer.wrap(REQUEST.getBytes(StandardCharsets.UTF_8)));
			String answer = line(channel);
			if (!answer.contains("\"data\":15")) {
				throw new WrongAnswerException(
						"the server on " + socket + " answered add(1,2,3,4,5) with '" + answer + "'");
			}
		}
		catch (IOException ex) {
			throw new WrongAnswerException("the first call to " + socket + " failed: " + ex);
		}
	}

	/** One line, byte by byte: a few hundred bytes in all, read once per process. */
	private static String line(SocketChannel channel) throws IOException {
		StringBuilder line = new StringBuilder();
		ByteBuffer one = ByteBuffer.allocate(1);
		while (true) {
			one.clear();
			if (channel.read(one) < 0) {
				throw new IOException("the server closed the connection after '" + line + "'");
			}
			byte b = one.get(0);
			if (b == '\n') {
				return line.toString();
			}
			line.append((char) b);
		}
	}

	private static void closeQuietly(SocketChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// it never connected
			}
		}
	}

}
