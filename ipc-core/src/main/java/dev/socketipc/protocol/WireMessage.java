package dev.socketipc.protocol;

import java.util.List;

/**
 * One decoded line: a request, a response or an action message, with every field the protocol knows.
 *
 * <p>Fields absent from the line are {@code null}. {@link #invalidReason()} is non-null when the line was valid JSON
 * but broke a rule of the envelope (an object {@code rid}, a non-string {@code method}, {@code args} that is not an
 * array, or a top-level value that is not an object); the other fields then hold what could be read.
 *
 * @param rid the request id as sent: a {@link Long}, a {@link RawNumber} (any other number, kept as its text so that
 * it is echoed exactly) or a {@link String}; {@code null} when absent
 * @param action the {@code action} field ({@code register}, {@code ping}, {@code pong}, ...)
 * @param method the {@code method} field of a request
 * @param args the {@code args} array of a request as its bytes, {@code null} when absent or {@code null}
 * @param success the {@code success} field of a response
 * @param data the {@code data} field of a response as its bytes, {@code null} when absent (a JSON {@code null} is a
 * value whose {@link RawJson#isNull()} is {@code true})
 * @param error the {@code error} message of a failed response
 * @param code the {@code code} of a failed response
 * @param methods the names in the {@code methods} array of a {@code register} message, {@code null} when absent
 * @param protocol the {@code protocol} revision of a {@code register} message, {@code 0} when absent (a seed server)
 * @param invalidReason why the line is not a valid message, or {@code null}
 */
public record WireMessage(Object rid, String action, String method, RawJson args, Boolean success, RawJson data,
		String error, String code, List<String> methods, int protocol, String invalidReason) {

	/**
	 * Tells whether the message carries a {@code rid}, which makes a request a call rather than a notification.
	 * @return {@code true} when a {@code rid} was sent
	 */
	public boolean hasRid() {
		return this.rid != null;
	}

}
