package dev.socketipc.client;

import dev.socketipc.protocol.ErrorCode;

/**
 * The server answered a call with {@code success:false}; carries the method, the error {@code code} and the server's
 * message.
 */
public class IpcRemoteException extends IpcException {

	private final String method;

	private final ErrorCode code;

	private final String remoteMessage;

	/**
	 * Creates an exception for a failed answer.
	 * @param method the method's wire name
	 * @param code the error code, or {@code null} when the server sent none or one this client does not know (a seed
	 * server sends none)
	 * @param remoteMessage the server's {@code error} message
	 */
	public IpcRemoteException(String method, ErrorCode code, String remoteMessage) {
		super("IPC method '" + method + "' failed" + ((code != null) ? " with " + code : "") + ": " + remoteMessage,
				null);
		this.method = method;
		this.code = code;
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
	 * Returns the error code the server sent.
	 * @return the code, or {@code null} when none (or an unknown one) was sent
	 */
	public ErrorCode getCode() {
		return this.code;
	}

	/**
	 * Returns the server's {@code error} message, as sent.
	 * @return the message
	 */
	public String getRemoteMessage() {
		return this.remoteMessage;
	}

}
