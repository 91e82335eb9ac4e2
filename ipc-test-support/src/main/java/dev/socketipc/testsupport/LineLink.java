package dev.socketipc.testsupport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The byte stream under a {@link LineClient}: a JDK socket ({@link SocketLink}) or a
 * Netty local channel ({@link LocalLink}).
 */
interface LineLink {

	/** Writes every remaining byte, blocking until they are handed over. */
	void write(ByteBuffer bytes) throws IOException;

	/** Ends the write side; reading goes on. */
	void shutdownOutput() throws IOException;

	/**
	 * Starts delivering what the server sends to the client, then the end of the stream,
	 * from one thread at a time.
	 */
	void startReading(LineClient client);

	/** Closes the stream and waits a moment for reading to end. */
	void close() throws IOException;

}
