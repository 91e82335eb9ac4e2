package dev.socketipc.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.protocol.WireCodec;
import dev.socketipc.transport.LogLimiter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Turns the outcome of a call into its answer line, whatever the outcome and whatever writing it throws, and logs the
 * failures the server must hear about, at most one line per method and {@link #LOG_INTERVAL}. This class is
 * thread-safe.
 */
final class Answers {

	static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

	private static final Logger logger = LoggerFactory.getLogger(Answers.class);

	private final WireCodec codec;

	private final ErrorDetails details;

	/** Keyed by exposed methods only, so its size is bounded by the registry's. */
	private final Map<ServiceMethod, LogLimiter> failureLogs = new ConcurrentHashMap<>();

	private final Map<ServiceMethod, LogLimiter> unwritableLogs = new ConcurrentHashMap<>();

	Answers(WireCodec codec, ErrorDetails details) {
		this.codec = codec;
		this.details = details;
	}

	/**
	 * Logs a failure, then encodes the answer of a call.
	 * @param rid the call's rid, {@code null} for a notification (nothing is encoded)
	 * @param failure what the method threw or its stage failed with, {@code null} on success
	 * @return the answer line, or {@code null} for a notification
	 */
	ByteBuf encode(ByteBufAllocator alloc, Object rid, ServiceMethod method, Object value, Throwable failure) {
		if (failure != null) {
			Throwable cause = unwrap(failure);
			logFailure(method, cause);
			return (rid != null) ? this.codec.encodeError(alloc, rid, ErrorCode.SERVICE_ERROR,
					this.details.serviceError(method.name(), cause)) : null;
		}
		if (rid == null) {
			return null;
		}
		try {
			return this.codec.encodeSuccess(alloc, rid, value);
		}
		catch (Throwable ex) {
			log(this.unwritableLogs, method, "The result of method '{}' could not be written as JSON ({} similar "
					+ "messages suppressed)", ex);
			String reason = (ex instanceof JacksonException jackson) ? jackson.getOriginalMessage() : ex.getMessage();
			return this.codec.encodeError(alloc, rid, ErrorCode.INTERNAL_ERROR,
					this.details.unwritableResult(method.name(), reason));
		}
	}

	private void logFailure(ServiceMethod method, Throwable cause) {
		if (ErrorDetails.isMeantForCaller(cause)) {
			logger.debug("Method '{}' threw", method.name(), cause);
		}
		else {
			log(this.failureLogs, method, "Method '{}' threw an unexpected exception ({} similar messages suppressed)",
					cause);
		}
	}

	private static void log(Map<ServiceMethod, LogLimiter> limiters, ServiceMethod method, String format,
			Throwable cause) {
		long suppressed = limiters.computeIfAbsent(method, (key) -> new LogLimiter(LOG_INTERVAL)).tryAcquire();
		if (suppressed >= 0) {
			logger.warn(format, method.name(), suppressed, cause);
		}
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
