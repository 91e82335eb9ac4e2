package dev.socketipc.test;

import java.time.Duration;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One call a {@link MockIpcServer} expects, and how it answers it: made with
 * {@link MockIpcServer#expect(String)}, then {@code .withArgs(1, 2, 3).andRespond(6)}. It
 * matches one call of its method (with these arguments, when given), and only once its
 * answer is given: {@link #andRespond(Object)} or
 * {@link #andRespondError(String, String)} end it, so that a call made meanwhile on
 * another thread never meets it half-built ({@link #withArgs(Object...) withArgs} and
 * {@link #andDelay(Duration) andDelay} come before). An expectation never ended is
 * reported by {@link MockIpcServer#verify()}. Thread-safe.
 */
public final class ExpectedCall {

	private final String method;

	private final JsonMapper mapper;

	private volatile JsonNode args;

	private volatile Object result;

	private volatile String errorCode;

	private volatile String errorMessage;

	private volatile Duration delay = Duration.ZERO;

	/** Whether its answer is given, so that calls may match it; written last. */
	private volatile boolean answered;

	/** Whether a call matched it; guarded by the server's expectations. */
	boolean satisfied;

	ExpectedCall(String method, JsonMapper mapper) {
		this.method = Objects.requireNonNull(method, "method");
		this.mapper = mapper;
	}

	/**
	 * Matches only a call with these arguments, as the client sends them: the elements of
	 * {@code args}, varargs already spread ({@code withArgs(1, 2, 3)} for
	 * {@code add(int... numbers)} called as {@code add(1, 2, 3)}). Compared as JSON.
	 * @param args the expected arguments
	 * @return this expectation
	 */
	public ExpectedCall withArgs(Object... args) {
		checkNotAnswered("withArgs");
		this.args = this.mapper.readTree(this.mapper.writeValueAsString(args));
		return this;
	}

	/**
	 * Answers the call successfully with this value, written as JSON.
	 * @param result the result, {@code null} for a JSON {@code null}
	 * @return this expectation
	 */
	public ExpectedCall andRespond(Object result) {
		checkNotAnswered("andRespond");
		this.result = result;
		this.answered = true;
		return this;
	}

	/**
	 * Answers the call with an error, as a server's service would:
	 * {@code {"success":false,"code":code,"error":message}}; the client's call fails with
	 * an {@code IpcRemoteException} carrying both.
	 * @param code the error code, such as {@code SERVICE_ERROR} or an application's own
	 * @param message the error message
	 * @return this expectation
	 */
	public ExpectedCall andRespondError(String code, String message) {
		checkNotAnswered("andRespondError");
		this.errorCode = Objects.requireNonNull(code, "code");
		this.errorMessage = Objects.requireNonNull(message, "message");
		this.answered = true;
		return this;
	}

	/**
	 * Answers the call only after this delay, as a slow server would (for timeouts).
	 * @param delay the time between reading the call and answering it
	 * @return this expectation
	 */
	public ExpectedCall andDelay(Duration delay) {
		if (delay == null || delay.isNegative()) {
			throw new IllegalArgumentException("delay must be zero or positive, got " + delay);
		}
		checkNotAnswered("andDelay");
		this.delay = delay;
		return this;
	}

	private void checkNotAnswered(String verb) {
		if (this.answered) {
			throw new IllegalStateException("Cannot call " + verb + " on the expected call " + this
					+ ": its answer is already given, and calls may be matching it; "
					+ "call withArgs and andDelay before andRespond or andRespondError, once each");
		}
	}

	String method() {
		return this.method;
	}

	boolean isAnswered() {
		return this.answered;
	}

	boolean matches(String method, JsonNode args) {
		JsonNode expected = this.args;
		return this.answered && this.method.equals(method) && (expected == null || expected.equals(args));
	}

	Object result() {
		return this.result;
	}

	String errorCode() {
		return this.errorCode;
	}

	String errorMessage() {
		return this.errorMessage;
	}

	Duration delay() {
		return this.delay;
	}

	@Override
	public String toString() {
		JsonNode expected = this.args;
		return MockIpcServer.describe(this.method, (expected != null) ? expected.toString() : null);
	}

}
