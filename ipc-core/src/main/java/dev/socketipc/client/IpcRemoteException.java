package dev.socketipc.client;

import dev.socketipc.protocol.ErrorCode;

/**
 * The server answered a call with {@code success:false}; carries the method, the error
 * {@code code} as sent (custom codes included), its {@link ErrorCode} and the server's
 * message.
 */
public class IpcRemoteException extends IpcException {

	private final String method;

	private final String codeName;

	private final ErrorCode code;

	private final String remoteMessage;

	/**
	 * Creates an exception for a failed answer with one of the library's codes.
	 * @param method the method's wire name
	 * @param code the error code, or {@code null} when the server sent none (a seed
	 * server sends none)
	 * @param remoteMessage the server's {@code error} message
	 */
	public IpcRemoteException(String method, ErrorCode code, String remoteMessage) {
		this(method, (code != null) ? code.name() : null, remoteMessage);
	}

	/**
	 * Creates an exception for a failed answer with the code as sent.
	 * @param method the method's wire name
	 * @param codeName the {@code code} as sent, a library code or a custom one such as
	 * {@code "INSUFFICIENT_STOCK"}; {@code null} when the server sent none
	 * @param remoteMessage the server's {@code error} message
	 */
	public IpcRemoteException(String method, String codeName, String remoteMessage) {
		super("IPC method '" + method + "' failed" + ((codeName != null) ? " with " + codeName : "") + ": "
				+ remoteMessage, null);
		this.method = method;
		this.codeName = codeName;
		this.code = (codeName == null) ? null
				: (ErrorCode.fromWire(codeName) != null) ? ErrorCode.fromWire(codeName) : ErrorCode.SERVICE_ERROR;
		this.remoteMessage = remoteMessage;
	}

	/**
	 * Returns the method's wire name.
	 * @return the method
	 */
	public String getMethod() {
		return this.method;
	}

	/**
	 * Returns the error code the server sent, as one of the library's codes: a code this
	 * client does not know (a custom one, or one from a newer server) is the generic
	 * {@link ErrorCode#SERVICE_ERROR}; its text is {@link #getCodeName()}.
	 * @return the code, or {@code null} when none was sent
	 */
	public ErrorCode getCode() {
		return this.code;
	}

	/**
	 * Returns the error code exactly as the server sent it, custom codes included.
	 * @return the code's text, or {@code null} when none was sent
	 */
	public String getCodeName() {
		return this.codeName;
	}

	/**
	 * Returns the server's {@code error} message, as sent.
	 * @return the message
	 */
	public String getRemoteMessage() {
		return this.remoteMessage;
	}

}
