package dev.socketipc.autoconfigure.observation;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.socketipc.client.IpcClientCall;
import dev.socketipc.transport.IpcAddress;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.RequestReplySenderContext;

/**
 * What an {@code ipc.client} observation knows of one proxy call: the call when it
 * starts, the status code once it ends. The carrier is a mutable copy of the call's
 * {@code meta}, into which a tracer writes {@code traceparent} (and {@code tracestate});
 * it goes on the wire with {@link IpcClientCall#withMeta} when the server's register
 * lists {@code meta}. The response is the status code.
 */
public class IpcClientObservationContext extends RequestReplySenderContext<Map<String, String>, String> {

	private final IpcClientCall call;

	private final String serverName;

	private final String transport;

	private final String serverAddress;

	private final ConventionKeyValues conventionKeyValues = new ConventionKeyValues();

	private long meterStartNanos;

	/**
	 * Creates the context of a call.
	 * @param call the call as the interceptor sees it
	 */
	public IpcClientObservationContext(IpcClientCall call) {
		super((carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		});
		this.call = call;
		IpcAddress address = call.address();
		this.serverName = call.server().isEmpty() ? address.toString() : call.server();
		this.transport = Transports.name(address);
		this.serverAddress = Transports.host(address);
		setCarrier(new LinkedHashMap<>(call.meta()));
		setRemoteServiceName(this.serverName);
		setRemoteServiceAddress(address.toString());
	}

	/**
	 * Returns the call as the interceptor saw it, before the tracer's {@code meta}.
	 * @return the call
	 */
	public IpcClientCall getCall() {
		return this.call;
	}

	/**
	 * Returns the method's wire name.
	 * @return the wire name, prefix included
	 */
	public String getMethod() {
		return this.call.method();
	}

	/**
	 * Returns the {@code @IpcClient} server name, or the address for a client that names
	 * none (as {@code IpcClientRegistry.connections()} keys it).
	 * @return the server name
	 */
	public String getServerName() {
		return this.serverName;
	}

	/**
	 * Returns the transport of the server's address.
	 * @return {@code unix} or {@code tcp}
	 */
	public String getTransport() {
		return this.transport;
	}

	/**
	 * Returns the Unix socket's path or the TCP host.
	 * @return the server address
	 */
	public String getServerAddress() {
		return this.serverAddress;
	}

	/**
	 * Returns how the call ended.
	 * @return {@code OK}, the error code answered, {@code TIMEOUT},
	 * {@code CONNECTION_FAILED}, {@code UNKNOWN} for another failure, or {@code null}
	 * before the end
	 */
	public String getStatusCode() {
		return getResponse();
	}

	/**
	 * Returns the {@code meta} the call goes on with: the call's own and what the tracer
	 * wrote.
	 * @return the mutable carrier
	 */
	Map<String, String> meta() {
		return getCarrier();
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
