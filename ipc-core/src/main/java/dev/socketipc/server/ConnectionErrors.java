package dev.socketipc.server;

import java.io.IOException;

import javax.net.ssl.SSLException;

import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.transport.Transports;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a server connection that failed, saying why in a way the operator can act on: a
 * line over the limit is answered {@code TOO_LARGE} first, a TLS failure and an
 * unexpected error are warned about (rate-limited), a broken pipe is only a DEBUG line.
 */
final class ConnectionErrors {

	private static final Logger logger = LoggerFactory.getLogger(ServerConnection.class);

	private ConnectionErrors() {
	}

	/**
	 * Logs the failure, answers it when it can be answered, and closes the connection.
	 * Runs on the event loop.
	 */
	static void close(ChannelHandlerContext ctx, Throwable cause, ServerRuntime runtime, int maxLineLength) {
		if (cause instanceof TooLongFrameException) {
			runtime.statistics.tooLargeLine();
			long suppressed = runtime.tooLongLog.tryAcquire();
			if (suppressed >= 0) {
				logger.warn("Closing connection {}: a line exceeded max-line-length ({} bytes) ({} similar messages "
						+ "suppressed)", Transports.describePeer(ctx.channel()), maxLineLength, suppressed);
			}
			ctx.writeAndFlush(runtime.codec.encodeError(ctx.alloc(), null, ErrorCode.TOO_LARGE,
					"line exceeds the server's max-line-length of " + maxLineLength + " bytes; closing the connection"))
				.addListener(ChannelFutureListener.CLOSE);
		}
		else if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
			Throwable tls = (cause instanceof SSLException) ? cause : cause.getCause();
			long suppressed = runtime.tlsLog.tryAcquire();
			if (suppressed >= 0) {
				logger.warn(
						"Closing connection {}: TLS failed ({}); is the client speaking TLS with a trusted "
								+ "certificate? ({} similar messages suppressed)",
						Transports.describePeer(ctx.channel()), tls.getMessage(), suppressed);
			}
			ctx.close();
		}
		else if (cause instanceof IOException) {
			logger.debug("Connection {} failed: {}", Transports.describePeer(ctx.channel()), cause.toString());
			ctx.close();
		}
		else {
			long suppressed = runtime.unexpectedLog.tryAcquire();
			if (suppressed >= 0) {
				logger.warn("Closing connection {} after an unexpected error ({} similar messages suppressed)",
						Transports.describePeer(ctx.channel()), suppressed, cause);
			}
			ctx.close();
		}
	}

}
