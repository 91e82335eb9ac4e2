package dev.socketipc.autoconfigure.observation;

import java.util.Map;

import dev.socketipc.server.IpcServerRequest;
import dev.socketipc.transport.IpcAddress;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.RequestReplyReceiverContext;

/**
 * What an {@code ipc.server} observation knows of one request: read from the parsed line
 * when the call starts, the status code once it is answered. The carrier is the request's
 * {@code meta} ({@code traceparent}, {@code tracestate}), from which a tracer continues
 * the caller's trace; the response is the code answered, {@code OK} or an error code.
 */
public class IpcServerObservationContext extends RequestReplyReceiverContext<Map<String, String>, String> {

	private final IpcServerRequest request;

	private final String transport;

	private final ConventionKeyValues conventionKeyValues = new ConventionKeyValues();

	private long meterStartNanos;

	/**
	 * Creates the context of a request.
	 * @param request the request as the server read it
	 */
	public IpcServerObservationContext(IpcServerRequest request) {
		super((carrier, key) -> carrier.get(key));
		this.request = request;
		this.transport = Transports.name(request.serverAddress());
		setCarrier(request.meta());
		if (request.serverAddress() instanceof IpcAddress.Tcp) {
			// a URI, as tracers parse it into the peer's host and port
			setRemoteServiceAddress("tcp://" + request.peer().address());
		}
	}

	/**
	 * Returns the request as the server read it.
	 * @return the request
	 */
	public IpcServerRequest getRequest() {
		return this.request;
	}

	/**
	 * Returns the method's wire name when the server exposes it, else
	 * {@link IpcObservationDocumentation#OTHER_METHOD}, so that a peer cannot make up tag
	 * values.
	 * @return the method to report
	 */
	public String getMethod() {
		return this.request.known() ? this.request.method() : IpcObservationDocumentation.OTHER_METHOD;
	}

	/**
	 * Returns the transport of the server's address.
	 * @return {@code unix} or {@code tcp}
	 */
	public String getTransport() {
		return this.transport;
	}

	/**
	 * Returns the code the call was answered with.
	 * @return {@code OK}, an error code, or {@code null} before the answer
	 */
	public String getStatusCode() {
		return getResponse();
	}

	ConventionKeyValues conventionKeyValues() {
		return this.conventionKeyValues;
	}

	void meterStarted(long nanos) {
		this.meterStartNanos = nanos;
	}

	long meterStartNanos() {
		return this.meterStartNanos;
	}

	@Override
	public Observation.Context addLowCardinalityKeyValues(KeyValues keyValues) {
		return this.conventionKeyValues.take(keyValues) ? this : super.addLowCardinalityKeyValues(keyValues);
	}

	@Override
	public Observation.Context addLowCardinalityKeyValue(KeyValue keyValue) {
		this.conventionKeyValues.release(super::addLowCardinalityKeyValue);
		return super.addLowCardinalityKeyValue(keyValue);
	}

	@Override
	public Observation.Context removeLowCardinalityKeyValue(String keyName) {
		this.conventionKeyValues.release(super::addLowCardinalityKeyValue);
		return super.removeLowCardinalityKeyValue(keyName);
	}

	@Override
	public KeyValues getLowCardinalityKeyValues() {
		KeyValues held = this.conventionKeyValues.held();
		return (held != null) ? held : super.getLowCardinalityKeyValues();
	}

	@Override
	public KeyValue getLowCardinalityKeyValue(String key) {
		KeyValues held = this.conventionKeyValues.held();
		return (held != null) ? ConventionKeyValues.find(held, key) : super.getLowCardinalityKeyValue(key);
	}

	@Override
	public Observation.Context addHighCardinalityKeyValues(KeyValues keyValues) {
		// the conventions add none; skip iterating the empty set twice per call
		return (keyValues == KeyValues.empty()) ? this : super.addHighCardinalityKeyValues(keyValues);
	}

}
