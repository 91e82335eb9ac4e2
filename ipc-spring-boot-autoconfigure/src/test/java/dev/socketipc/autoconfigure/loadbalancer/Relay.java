package dev.socketipc.autoconfigure.loadbalancer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP port in front of a server, forwarding bytes both ways, that can die like a
 * crashed process: {@link #kill()} closes the listening socket and resets every
 * connection at once (no answer, no graceful close), and {@link #restart()} listens on
 * the same port again. The server behind it is a plain {@code IpcServer}, whose own
 * {@code stop()} would answer unfinished calls with {@code SHUTTING_DOWN} rather than
 * drop them.
 */
final class Relay implements AutoCloseable {

	private final int target;

	private final int port;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile ServerSocket listener;

	private Relay(int target, int port) {
		this.target = target;
		this.port = port;
	}

	/**
	 * Listens on a free loopback port, forwarding to a port of the loopback address.
	 * @param target the server's port
	 */
	static Relay to(int target) throws IOException {
		ServerSocket listener = listen(0);
		Relay relay = new Relay(target, listener.getLocalPort());
		relay.accept(listener);
		return relay;
	}

	int port() {
		return this.port;
	}

	/** Resets every connection and stops listening. */
	void kill() throws IOException {
		ServerSocket current = this.listener;
		if (current != null) {
			current.close();
		}
		for (Socket socket : this.sockets) {
			socket.setSoLinger(true, 0);
			socket.close();
		}
		this.sockets.clear();
	}

	/** Listens on the same port again. */
	void restart() throws IOException {
		accept(listen(this.port));
	}

	private static ServerSocket listen(int port) throws IOException {
		ServerSocket listener = new ServerSocket();
		listener.setReuseAddress(true);
		listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		return listener;
	}

	private void accept(ServerSocket listener) {
		this.listener = listener;
		start("relay-" + this.port, () -> {
			while (!listener.isClosed()) {
				try {
					Socket client = listener.accept();
					Socket server = new Socket(InetAddress.getLoopbackAddress(), this.target);
					this.sockets.add(client);
					this.sockets.add(server);
					pump(client, server);
					pump(server, client);
				}
				catch (IOException ex) {
					// closed by kill() or close()
				}
			}
		});
	}

	private void pump(Socket from, Socket to) {
		start("relay-pump-" + this.port, () -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// one side closed or was reset
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		});
	}

	private static void start(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	/**
	 * Returns how many connections pass through the relay now (two sockets each).
	 */
	int connections() {
		return this.sockets.size() / 2;
	}

	@Override
	public void close() throws IOException {
		kill();
	}

}
