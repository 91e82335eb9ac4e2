package dev.socketipc.client;

import java.util.List;

import dev.socketipc.protocol.WireNames;
import dev.socketipc.transport.IpcAddress;

/**
 * Words the error of a call to a method the server does not offer: the first names it
 * offers and how many there are (a server may offer a million), and, when every name it
 * offers carries one prefix the call's name lacks, the {@code @IpcClient} prefix that
 * would fix it.
 */
final class MethodNotFound {

	/** How many of the offered names a message lists. */
	static final int LISTED_NAMES = 20;

	private MethodNotFound() {
	}

	static String describe(IpcAddress address, String method, List<String> offered) {
		StringBuilder message = new StringBuilder("the server at ").append(address)
			.append(" does not offer '")
			.append(method)
			.append("'; it offers ");
		if (offered.isEmpty()) {
			message.append("no methods");
		}
		else {
			message.append(offered.size()).append((offered.size() == 1) ? " method: " : " methods: ");
			message.append(String.join(", ", offered.subList(0, Math.min(LISTED_NAMES, offered.size()))));
			if (offered.size() > LISTED_NAMES) {
				message.append(", … (").append(offered.size() - LISTED_NAMES).append(" more)");
			}
		}
		String prefix = commonPrefix(offered);
		if (prefix != null && !method.startsWith(prefix + WireNames.SEPARATOR)) {
			message.append(". Every name it offers starts with '")
				.append(prefix)
				.append(".': the server uses the prefix ")
				.append(prefix)
				.append("; call it with @IpcClient(value = ..., prefix = \"")
				.append(prefix)
				.append("\")");
		}
		return message.toString();
	}

	/**
	 * Returns what every name shares up to its last shared dot ({@code inventory} for
	 * {@code inventory.add} and {@code inventory.remove}), or {@code null} when the names
	 * share no such prefix.
	 */
	private static String commonPrefix(List<String> offered) {
		if (offered.isEmpty()) {
			return null;
		}
		String shared = offered.get(0);
		for (String name : offered) {
			int length = 0;
			int limit = Math.min(shared.length(), name.length());
			while (length < limit && shared.charAt(length) == name.charAt(length)) {
				length++;
			}
			shared = shared.substring(0, length);
		}
		int dot = shared.lastIndexOf('.');
		return (dot > 0) ? shared.substring(0, dot) : null;
	}

}
