package dev.socketipc.client;

import java.util.List;
import java.util.Set;

import dev.socketipc.protocol.WireFeatures;
import dev.socketipc.protocol.WireMessage;
import dev.socketipc.protocol.WireNames;
import io.netty.util.AttributeKey;

/**
 * What a server's {@code register} line offered: its methods, its protocol revision, its
 * extensions and its topics. Immutable; kept on the channel it arrived on, so that a
 * request is written for the server that will read it, and by the connection for its
 * status.
 *
 * @param methods the method names in the order listed
 * @param offered the same, for look-ups
 * @param protocol the protocol revision, {@code null} for a seed server (none sent)
 * @param features the extension names listed, empty for a seed server
 * @param topics the topics listed, empty for a server without {@code events}
 */
record ServerOffer(List<String> methods, Set<String> offered, Integer protocol, List<String> features,
		List<String> topics) {

	/** Nothing offered yet: no {@code register} has arrived. */
	static final ServerOffer NONE = new ServerOffer(List.of(), Set.of(), null, List.of(), List.of());

	/** Where a channel keeps the offer of its server. */
	static final AttributeKey<ServerOffer> KEY = AttributeKey.valueOf(ServerOffer.class, "offer");

	static ServerOffer of(WireMessage.Register register) {
		List<String> methods = (register.methods() != null) ? List.copyOf(register.methods()) : List.of();
		Integer protocol = (register.protocol() > 0) ? register.protocol() : null;
		List<String> topics = register.features().contains(WireFeatures.EVENTS) ? List.copyOf(register.topics())
				: List.of();
		return new ServerOffer(methods, Set.copyOf(methods), protocol, register.features(), topics);
	}

	/**
	 * Tells whether requests to this server may carry {@code meta}: only when its
	 * {@code register} listed it, so that a seed server never sees the field.
	 */
	boolean acceptsMeta() {
		return this.features.contains(WireFeatures.META);
	}

	/**
	 * Tells whether the server listed {@code events}: it takes {@code $subscribe} and
	 * {@code $unsubscribe} and pushes events.
	 */
	boolean events() {
		return this.features.contains(WireFeatures.EVENTS);
	}

	/**
	 * Tells whether the server listed {@code stream}: a request may carry
	 * {@code "stream":true} and a {@code cancel} line may follow it.
	 */
	boolean streams() {
		return this.features.contains(WireFeatures.STREAM);
	}

	/**
	 * Tells whether a call to the method may be sent: the server listed it, or it is
	 * {@code $subscribe}/{@code $unsubscribe} and the server listed {@code events}.
	 */
	boolean accepts(String method) {
		return this.offered.contains(method)
				|| (events() && (WireNames.SUBSCRIBE.equals(method) || WireNames.UNSUBSCRIBE.equals(method)));
	}

}
