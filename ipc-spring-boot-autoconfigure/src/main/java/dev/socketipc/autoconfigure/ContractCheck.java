package dev.socketipc.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.socketipc.client.ClientContract;
import dev.socketipc.client.ClientOptions;
import dev.socketipc.client.IpcClientInterceptor;
import dev.socketipc.client.IpcRemoteException;
import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.transport.IpcAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract check of one server ({@code ipc.client.servers.<name>.verify-contract}):
 * compares each {@code register} of the server with the methods of the {@code @IpcClient}
 * interfaces that call it, logs at WARN the methods it does not offer and at INFO those
 * it offers again, once per change, and in {@code fail} mode fails the calls to missing
 * methods at once. The {@code ipcClients} health of the server reads
 * {@link #missingMethods()}. Thread-safe: a {@code register} arrives on an I/O thread, an
 * interface is added when its bean is created.
 */
public final class ContractCheck {

	private static final Logger logger = LoggerFactory.getLogger(ContractCheck.class);

	private final String server;

	private final IpcAddress address;

	private final IpcClientProperties.VerifyContract mode;

	/** The interfaces calling the server; guarded by this. */
	private final List<ClientContract> contracts = new ArrayList<>();

	/**
	 * The methods of the last {@code register}, {@code null} before one; guarded by this.
	 */
	private List<String> offered;

	/** The missing wire names by interface name, as last logged. */
	private volatile Map<String, List<String>> missing = Map.of();

	ContractCheck(String server, IpcAddress address, IpcClientProperties.VerifyContract mode) {
		this.server = server;
		this.address = address;
		this.mode = mode;
	}

	/**
	 * Returns the mode of the check.
	 * @return {@code WARN} or {@code FAIL}
	 */
	public IpcClientProperties.VerifyContract mode() {
		return this.mode;
	}

	/**
	 * Returns the methods the server's last {@code register} did not list, by interface.
	 * @return the wire names by {@code @IpcClient} interface name, empty when it offers
	 * them all or no {@code register} has arrived
	 */
	public Map<String, List<String>> missingMethods() {
		return this.missing;
	}

	/**
	 * Tells whether the check failed: in {@code fail} mode, the server does not offer
	 * every method.
	 * @return whether the server's health is {@code DOWN} for its contract
	 */
	public boolean failed() {
		return this.mode == IpcClientProperties.VerifyContract.FAIL && !this.missing.isEmpty();
	}

	/**
	 * Adds an interface that calls the server, checked at once when the server has
	 * registered.
	 * @param contract the interface's methods
	 */
	synchronized void add(ClientContract contract) {
		if (this.contracts.stream().anyMatch((known) -> known.type() == contract.type())) {
			return;
		}
		this.contracts.add(contract);
		if (this.offered != null) {
			check(contract, this.offered, List.of());
		}
	}

	/**
	 * Checks every interface against the methods of a {@code register}; logs only what
	 * changed since the last one.
	 * @param methods the methods the server lists
	 */
	synchronized void registered(List<String> methods) {
		this.offered = methods;
		for (ClientContract contract : this.contracts) {
			check(contract, methods, this.missing.getOrDefault(contract.type().getName(), List.of()));
		}
	}

	private void check(ClientContract contract, List<String> methods, List<String> before) {
		List<String> now = contract.missing(methods);
		List<String> lost = now.stream().filter((name) -> !before.contains(name)).toList();
		List<String> back = before.stream().filter((name) -> !now.contains(name)).toList();
		if (!lost.isEmpty()) {
			logger.warn(contract.describeMissing(this.server, this.address, lost));
		}
		if (!back.isEmpty()) {
			logger.info(contract.describeOffered(this.server, this.address, back));
		}
		Map<String, List<String>> missing = new LinkedHashMap<>(this.missing);
		if (now.isEmpty()) {
			missing.remove(contract.type().getName());
		}
		else {
			missing.put(contract.type().getName(), now);
		}
		this.missing = Collections.unmodifiableMap(missing);
	}

	/**
	 * Returns the options of a proxy of the interface: in {@code fail} mode with an
	 * innermost interceptor that fails a call to a missing method at once.
	 * @param contract the interface's methods
	 * @param options the proxy's options
	 * @return the options to create the proxy with
	 */
	ClientOptions options(ClientContract contract, ClientOptions options) {
		if (this.mode != IpcClientProperties.VerifyContract.FAIL) {
			return options;
		}
		List<IpcClientInterceptor> interceptors = new ArrayList<>(options.interceptors());
		interceptors.add((call, next) -> {
			List<String> missing = this.missing.getOrDefault(contract.type().getName(), List.of());
			if (!missing.contains(call.method())) {
				return next.proceed(call);
			}
			return CompletableFuture.failedFuture(new IpcRemoteException(call.method(), ErrorCode.METHOD_NOT_FOUND,
					"the contract check failed: the IPC server '" + this.server + "' at " + this.address
							+ " does not offer " + contract.describe(call.method()) + " of @IpcClient "
							+ contract.type().getName() + ", so ipc.client.servers." + this.server
							+ ".verify-contract=fail fails its calls at once"));
		});
		return options.withInterceptors(interceptors);
	}

	@Override
	public String toString() {
		return "ContractCheck[" + this.server + " " + this.mode + "]";
	}

}
