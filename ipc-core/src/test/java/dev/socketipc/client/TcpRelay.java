package dev.socketipc.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.socketipc.transport.IpcAddress;

/**
 * A TCP relay on a loopback port in front of a real server, which a test can cut as if
 * the server's machine died: {@link #kill()} stops listening (later connections are
 * refused) and resets every relayed connection without a word, so that calls in flight
 * are lost rather than answered, as a graceful {@code IpcServer.stop()} would answer
 * them.
 */
final class TcpRelay implements AutoCloseable {

	private final ServerSocket listener;

	private final InetSocketAddress target;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private TcpRelay(ServerSocket listener, InetSocketAddress target) {
		this.listener = listener;
		this.target = target;
	}

	/**
	 * Starts relaying a free loopback port to a server's TCP address.
	 * @param server the server's address
	 * @return the relay
	 */
	static TcpRelay to(IpcAddress server) throws IOException {
		IpcAddress.Tcp tcp = (IpcAddress.Tcp) server;
		ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		TcpRelay relay = new TcpRelay(listener, new InetSocketAddress(tcp.host(), tcp.port()));
		Thread acceptor = new Thread(relay::accept, "tcp-relay-" + listener.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
		return relay;
	}

	/** Returns the address clients connect to. */
	IpcAddress address() {
		return new IpcAddress.Tcp("127.0.0.1", this.listener.getLocalPort());
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				Socket server = new Socket(this.target.getAddress(), this.target.getPort());
				this.sockets.add(client);
				this.sockets.add(server);
				pump(client, server);
				pump(server, client);
			}
			catch (IOException ex) {
				// closed by kill(), or the server refused: the client sees its socket
				// close
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// one side went away: close both
			}
			closeQuietly(from);
			closeQuietly(to);
		}, "tcp-relay-pump");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Stops listening and resets every relayed connection at once.
	 */
	void kill() throws IOException {
		this.listener.close();
		for (Socket socket : this.sockets) {
			try {
				socket.setSoLinger(true, 0);
			}
			catch (IOException ex) {
				// closed already
			}
			closeQuietly(socket);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing more to do
		}
	}

	@Override
	public void close() throws IOException {
		kill();
	}

}
