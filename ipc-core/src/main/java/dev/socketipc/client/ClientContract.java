package dev.socketipc.client;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import dev.socketipc.annotation.IpcTopic;
import dev.socketipc.transport.IpcAddress;

/**
 * The methods an {@code @IpcClient} interface calls on its server, by the wire names its
 * proxy calls them ({@code @IpcMethod} names and the prefix applied, as
 * {@link IpcClientFactory} does), and the words for those a server's {@code register}
 * does not list. Compared with each {@code register} through an
 * {@link IpcRegisterListener}, it tells at startup what would otherwise fail at the first
 * call with {@code METHOD_NOT_FOUND}. Immutable and thread-safe.
 *
 * <pre>{@code
 * ClientContract contract = ClientContract.of(Calculator.class, "");
 * connection.addRegisterListener((c, methods) -> {
 *     List<String> missing = contract.missing(methods);
 *     if (!missing.isEmpty()) log.warn(contract.describeMissing("calculator", c.address(), missing));
 * });
 * }</pre>
 */
public final class ClientContract {

	private final Class<?> type;

	/** The methods the server is called for, by wire name, in name order. */
	private final Map<String, Method> methods;

	private ClientContract(Class<?> type, Map<String, Method> methods) {
		this.type = type;
		this.methods = Collections.unmodifiableMap(methods);
	}

	/**
	 * Reads the methods of an interface a proxy calls the server for: every method but
	 * default, static and {@code Object} ones, and {@code @IpcTopic} ones (topics, not
	 * methods).
	 * @param type the {@code @IpcClient} interface
	 * @param prefix its prefix ({@link ClientOptions#prefix()}), empty for none
	 * @return the contract
	 */
	public static ClientContract of(Class<?> type, String prefix) {
		Objects.requireNonNull(prefix, "prefix");
		Map<String, Method> methods = new TreeMap<>();
		for (Method method : type.getMethods()) {
			if (ClientMethod.isRemote(method) && !method.isAnnotationPresent(IpcTopic.class)) {
				methods.putIfAbsent(ClientMethod.wireName(prefix, method), method);
			}
		}
		return new ClientContract(type, methods);
	}

	/**
	 * Returns the interface.
	 * @return the {@code @IpcClient} interface
	 */
	public Class<?> type() {
		return this.type;
	}

	/**
	 * Returns the wire names the interface calls.
	 * @return the names, in name order
	 */
	public Set<String> wireNames() {
		return this.methods.keySet();
	}

	/**
	 * Returns the wire names of the interface that a server does not offer.
	 * @param offered the method names of the server's {@code register}
	 * @return the names missing from it, in name order; empty when it offers them all
	 */
	public List<String> missing(Collection<String> offered) {
		Set<String> names = (offered instanceof Set<String> set) ? set : new HashSet<>(offered);
		return this.methods.keySet().stream().filter((name) -> !names.contains(name)).toList();
	}

	/**
	 * Names one method as the proxy calls it and as the interface declares it:
	 * {@code 'calc.add' (Calculator.add)}.
	 * @param wireName a wire name of {@link #wireNames()}
	 * @return the description
	 */
	public String describe(String wireName) {
		Method method = this.methods.get(wireName);
		String declared = (method != null) ? " (" + this.type.getSimpleName() + "." + method.getName() + ")" : "";
		return "'" + wireName + "'" + declared;
	}

	/**
	 * Words the warning that a server does not offer methods of the interface, naming the
	 * server, the interface and each method.
	 * @param server the server's name, such as the {@code @IpcClient} value; empty when
	 * it has none
	 * @param address where the server was reached
	 * @param missing wire names of {@link #missing}
	 * @return the message
	 */
	public String describeMissing(String server, IpcAddress address, List<String> missing) {
		String count = (missing.size() == 1) ? "1 method" : missing.size() + " methods";
		return "The IPC server " + server(server, address) + " does not offer " + count + " of @IpcClient "
				+ this.type.getName() + ": " + describe(missing) + "; calls to "
				+ ((missing.size() == 1) ? "it" : "them") + " fail with METHOD_NOT_FOUND";
	}

	/**
	 * Words the news that a server now offers methods of the interface it did not offer
	 * before.
	 * @param server the server's name; empty when it has none
	 * @param address where the server was reached
	 * @param offered the wire names it offers now
	 * @return the message
	 */
	public String describeOffered(String server, IpcAddress address, List<String> offered) {
		return "The IPC server " + server(server, address) + " now offers " + describe(offered) + " of @IpcClient "
				+ this.type.getName() + ", which it did not offer before";
	}

	private String describe(List<String> wireNames) {
		return String.join(", ", wireNames.stream().map(this::describe).toList());
	}

	private static String server(String server, IpcAddress address) {
		return (server.isEmpty() || server.equals(address.toString())) ? "at " + address
				: "'" + server + "' at " + address;
	}

	@Override
	public String toString() {
		return "ClientContract[" + this.type.getName() + " " + wireNames() + "]";
	}

}
