package dev.socketipc.autoconfigure.observation;

import java.util.Map;

import dev.socketipc.server.IpcPeer;
import dev.socketipc.server.IpcServerRequest;
import dev.socketipc.transport.IpcAddress;

/**
 * A request the server knows, read on a Unix socket, without meta, to build the contexts
 * of unit tests.
 *
 * @param method the wire method name
 */
record TestRequest(String method) implements IpcServerRequest {

	private static final IpcAddress ADDRESS = IpcAddress.parse("unix:/run/calc.sock");

	/**
	 * Returns the server context of a request for a method, answered with a code.
	 * @param method the wire method name
	 * @param code the code answered, or {@code null} before the answer
	 * @return the context
	 */
	static IpcServerObservationContext context(String method, String code) {
		IpcServerObservationContext context = new IpcServerObservationContext(new TestRequest(method));
		context.setResponse(code);
		return context;
	}

	@Override
	public boolean known() {
		return true;
	}

	@Override
	public Map<String, String> meta() {
		return Map.of();
	}

	@Override
	public IpcPeer peer() {
		return null;
	}

	@Override
	public IpcAddress serverAddress() {
		return ADDRESS;
	}

	@Override
	public boolean notification() {
		return false;
	}

}
