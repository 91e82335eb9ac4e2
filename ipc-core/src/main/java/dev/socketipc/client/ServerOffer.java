package dev.socketipc.client;

import java.util.List;
import java.util.Set;

import dev.socketipc.protocol.WireFeatures;
import dev.socketipc.protocol.WireMessage;
import io.netty.util.AttributeKey;

/**
 * What a server's {@code register} line offered: its methods, its protocol revision and
 * its extensions. Immutable; kept on the channel it arrived on, so that a request is
 * written for the server that will read it, and by the connection for its status.
 *
 * @param methods the method names in the order listed
 * @param offered the same, for look-ups
 * @param protocol the protocol revision, {@code null} for a seed server (none sent)
 * @param features the extension names listed, empty for a seed server
 */
record ServerOffer(List<String> methods, Set<String> offered, Integer protocol, List<String> features) {

	/** Nothing offered yet: no {@code register} has arrived. */
	static final ServerOffer NONE = new ServerOffer(List.of(), Set.of(), null, List.of());

	/** Where a channel keeps the offer of its server. */
	static final AttributeKey<ServerOffer> KEY = AttributeKey.valueOf(ServerOffer.class, "offer");

	static ServerOffer of(WireMessage.Register register) {
		List<String> methods = (register.methods() != null) ? List.copyOf(register.methods()) : List.of();
		Integer protocol = (register.protocol() > 0) ? register.protocol() : null;
		return new ServerOffer(methods, Set.copyOf(methods), protocol, register.features());
	}

	/**
	 * Tells whether requests to this server may carry {@code meta}: only when its
	 * {@code register} listed it, so that a seed server never sees the field.
	 */
	boolean acceptsMeta() {
		return this.features.contains(WireFeatures.META);
	}

}
