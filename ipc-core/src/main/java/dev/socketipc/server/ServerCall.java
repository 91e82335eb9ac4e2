package dev.socketipc.server;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.transport.LogLimiter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * One call on a connection, from its bound arguments to its answer line: runs the method
 * through the server's interceptors with the peer bound, and maps whatever came out (a
 * value, an exception, a result that cannot be written) to the answer in this one place.
 *
 * <p>
 * Created on the event loop; {@link #run()} runs on the executor, or on the event loop
 * for a direct method; the answer is encoded on whichever thread finished the call and
 * handed to its {@link ServerConnection}. Identity matters: the connection tells a late
 * outcome apart from an answered call by it.
 */
final class ServerCall implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(ServerCall.class);

	/** The code an observer sees for a call that succeeded. */
	static final String OK = "OK";

	/** The call's rid, {@code null} for a notification (which gets no answer). */
	final Object rid;

	final ServiceMethod method;

	private final Object[] arguments;

	private final Map<String, String> meta;

	private final ServerConnection connection;

	private final ServerRuntime runtime;

	/** The call's observation, {@code null} when the server has no observer. */
	final CallObservers.Observation observation;

	/** Whether the request carried {@code "stream":true}. */
	final boolean stream;

	/**
	 * The topic whose {@code @IpcTopic} method this call runs for a {@code $subscribe},
	 * {@code null} for an ordinary call.
	 */
	final String topic;

	ServerCall(Object rid, ServiceMethod method, Object[] arguments, Map<String, String> meta,
			ServerConnection connection, ServerRuntime runtime, CallObservers.Observation observation) {
		this(rid, method, arguments, meta, connection, runtime, observation, false, null);
	}

	ServerCall(Object rid, ServiceMethod method, Object[] arguments, Map<String, String> meta,
			ServerConnection connection, ServerRuntime runtime, CallObservers.Observation observation, boolean stream,
			String topic) {
		this.stream = stream;
		this.topic = topic;
		this.rid = rid;
		this.method = method;
		this.arguments = arguments;
		this.meta = meta;
		this.connection = connection;
		this.runtime = runtime;
		this.observation = observation;
	}

	/**
	 * Runs the call, then hands its answer to the connection, now or when its stage
	 * completes.
	 */
	@Override
	public void run() {
		Object result = null;
		Throwable thrown = null;
		IpcPeer previous = IpcPeer.enter(this.connection.peer());
		IpcServerObserver.Scope scope = (this.observation != null) ? this.observation.openScope() : null;
		try {
			result = (this.runtime.interceptors.length == 0) ? this.method.invoke(this.arguments)
					: new Chain(0).proceed();
		}
		catch (Throwable failure) {
			thrown = failure;
		}
		finally {
			if (scope != null) {
				scope.close();
			}
			IpcPeer.exit(previous);
		}
		if (thrown != null) {
			finish(null, thrown);
		}
		else if (result instanceof CompletionStage<?> stage) {
			stage.whenComplete(this::finish);
		}
		else {
			finish(result, null);
		}
	}

	/**
	 * Ends the call's observation, if any and not ended yet.
	 * @param override the code to end with instead of the outcome's (the call was
	 * answered otherwise, or not at all), {@code null} for the outcome's
	 */
	void ended(String override) {
		if (this.observation != null) {
			this.observation.end(override);
		}
	}

	private void finish(Object value, Throwable failure) {
		if (this.topic != null) {
			this.connection.topicOpened(this, value, failure);
		}
		else if (failure == null && this.method.isStreaming()) {
			this.connection.streamOpened(this, value);
		}
		else {
			answerWith(value, failure);
		}
	}

	/**
	 * Answers the call with a value (for a streaming call, {@code null} once its items
	 * were sent) or a failure, mapped as every call's.
	 */
	void answerWith(Object value, Throwable failure) {
		this.connection.answered(this, answer(this.connection.alloc(), value, failure));
	}

	/** Answers the call with an error of the server's own, such as {@code CANCELLED}. */
	void answerError(ErrorCode code, String message) {
		outcome(code.name(), null);
		this.connection.answered(this, (this.rid != null)
				? this.runtime.codec.encodeError(this.connection.alloc(), this.rid, code, message) : null);
	}

	/** Encodes one item of the call as a {@code next} line. */
	ByteBuf encodeNext(ByteBufAllocator alloc, Object item) {
		return this.runtime.codec.encodeNext(alloc, this.rid, item);
	}

	/**
	 * Answers {@code INTERNAL_ERROR}: an item of the call could not be written as JSON.
	 */
	void answerUnwritable(Throwable failure) {
		this.connection.answered(this, unwritable(this.connection.alloc(), failure));
	}

	/**
	 * Logs a failure, then encodes the answer, whatever writing it throws.
	 * @return the answer line, or {@code null} for a notification
	 */
	ByteBuf answer(ByteBufAllocator alloc, Object value, Throwable failure) {
		if (failure != null) {
			Throwable original = unwrap(failure);
			Throwable cause = failure(original);
			String code = (cause instanceof IpcServiceException expected) ? expected.code()
					: ErrorCode.SERVICE_ERROR.name();
			outcome(code, original);
			if (this.rid == null) {
				return null;
			}
			return this.runtime.codec.encodeError(alloc, this.rid, code,
					this.runtime.errorDetails.serviceError(this.method.name(), cause));
		}
		outcome(OK, null);
		if (this.rid == null) {
			return null;
		}
		try {
			if (this.stream && !this.method.isStreaming()) {
				// one next with the result, then the final answer: a client streams every
				// method alike
				ByteBuf next = this.runtime.codec.encodeNext(alloc, this.rid, value);
				return alloc.compositeBuffer(2)
					.addComponents(true, next, this.runtime.codec.encodeSuccess(alloc, this.rid, null));
			}
			ByteBuf line = this.runtime.codec.encodeSuccess(alloc, this.rid, value, this.method.answerSize());
			this.method.answerSize(line.readableBytes());
			return line;
		}
		catch (Throwable ex) {
			return unwritable(alloc, ex);
		}
	}

	private ByteBuf unwritable(ByteBufAllocator alloc, Throwable ex) {
		log(this.runtime.unwritableLogs.limiter(this.method),
				"The result of method '{}' could not be written as " + "JSON ({} similar messages suppressed)", ex);
		outcome(ErrorCode.INTERNAL_ERROR.name(), ex);
		if (this.rid == null) {
			return null;
		}
		String reason = (ex instanceof JacksonException jackson) ? jackson.getOriginalMessage() : ex.getMessage();
		return this.runtime.codec.encodeError(alloc, this.rid, ErrorCode.INTERNAL_ERROR,
				this.runtime.errorDetails.unwritableResult(this.method.name(), reason));
	}

	private void outcome(String code, Throwable failure) {
		if (this.observation != null) {
			this.observation.outcome(code, failure);
		}
	}

	/**
	 * Maps what the method threw through the exception handlers and logs it: at DEBUG
	 * when it is meant for the caller (or a handler mapped it), at WARN, limited,
	 * otherwise.
	 * @return the exception whose code and message the answer carries
	 */
	private Throwable failure(Throwable cause) {
		if (!(cause instanceof IpcServiceException)) {
			IpcServiceException mapped = map(cause);
			if (mapped != null) {
				logger.debug("Method '{}' threw, answered {}", this.method.name(), mapped.code(), cause);
				return mapped;
			}
		}
		if (ErrorDetails.isMeantForCaller(cause)) {
			logger.debug("Method '{}' threw", this.method.name(), cause);
		}
		else {
			log(this.runtime.failureLogs.limiter(this.method),
					"Method '{}' threw an unexpected exception ({} similar messages suppressed)", cause);
		}
		return cause;
	}

	private IpcServiceException map(Throwable cause) {
		for (IpcExceptionHandler handler : this.runtime.exceptionHandlers) {
			try {
				IpcServiceException mapped = handler.handle(this.method.name(), cause);
				if (mapped != null) {
					return mapped;
				}
			}
			catch (RuntimeException | Error ex) {
				log(this.runtime.failureLogs.limiter(this.method), "An IpcExceptionHandler threw while mapping the "
						+ "failure of method '{}'; answering it unmapped ({} similar messages suppressed)", ex);
				return null;
			}
		}
		return null;
	}

	private void log(LogLimiter limiter, String format, Throwable cause) {
		long suppressed = limiter.tryAcquire();
		if (suppressed >= 0) {
			logger.warn(format, this.method.name(), suppressed, cause);
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

	/**
	 * One step of the interceptor chain: the interceptor at {@code index}, or the method
	 * after the last.
	 */
	private final class Chain implements IpcServerCall {

		private final int index;

		Chain(int index) {
			this.index = index;
		}

		@Override
		public String method() {
			return ServerCall.this.method.name();
		}

		@Override
		public List<Object> arguments() {
			return Collections.unmodifiableList(Arrays.asList(ServerCall.this.arguments));
		}

		@Override
		public IpcPeer peer() {
			return ServerCall.this.connection.peer();
		}

		@Override
		public Map<String, String> meta() {
			return ServerCall.this.meta;
		}

		@Override
		public Object proceed() throws Throwable {
			IpcServerInterceptor[] interceptors = ServerCall.this.runtime.interceptors;
			if (this.index < interceptors.length) {
				return interceptors[this.index].intercept(new Chain(this.index + 1));
			}
			return ServerCall.this.method.invoke(ServerCall.this.arguments);
		}

	}

}
