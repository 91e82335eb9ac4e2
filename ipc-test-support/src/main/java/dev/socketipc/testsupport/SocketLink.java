package dev.socketipc.testsupport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LineLink} on a plain JDK socket channel (Unix domain or TCP), read by a daemon
 * thread.
 */
final class SocketLink implements LineLink {

	private final SocketChannel channel;

	private final String name;

	private Thread reader;

	SocketLink(SocketChannel channel, String name) {
		this.channel = channel;
		this.name = name;
	}

	@Override
	public void write(ByteBuffer bytes) throws IOException {
		while (bytes.hasRemaining()) {
			this.channel.write(bytes);
		}
	}

	@Override
	public void shutdownOutput() throws IOException {
		this.channel.shutdownOutput();
	}

	@Override
	public synchronized void startReading(LineClient client) {
		this.reader = new Thread(() -> readLoop(client), "line-client-" + this.name);
		this.reader.setDaemon(true);
		this.reader.start();
	}

	private void readLoop(LineClient client) {
		ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
		try {
			while (this.channel.read(buffer) >= 0) {
				client.received(buffer.array(), buffer.position());
				buffer.clear();
			}
		}
		catch (IOException ex) {
			// closed by us, or reset by the server: either ends the stream
		}
		finally {
			client.ended();
		}
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
