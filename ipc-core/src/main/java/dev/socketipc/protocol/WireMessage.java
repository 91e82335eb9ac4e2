package dev.socketipc.protocol;

import java.util.List;
import java.util.Map;

/**
 * One decoded line, as one of the kinds the protocol knows.
 * {@link WireCodec#decode(byte[], int, int)} decides the kind once, so that neither side
 * tells kinds apart by testing fields for {@code null}:
 * <ol>
 * <li>a line that is valid JSON but breaks a rule of the envelope (an object {@code rid},
 * a non-string {@code method} or {@code action}, {@code args} that is not an array, a
 * top-level value that is not an object) is {@link Invalid};</li>
 * <li>a line with a {@code method} is a {@link Request};</li>
 * <li>a line with an {@code action} is a {@link Register} when the action is
 * {@code register}, an {@link Event} for {@code event} (with a string {@code topic}), a
 * {@link Next} for {@code next} and a {@link Cancel} for {@code cancel} (each with a
 * {@code rid}; without one they are {@link Invalid}), an {@link Action} otherwise;</li>
 * <li>a line with a boolean {@code success} is an {@link Answer};</li>
 * <li>anything else is {@link Invalid}: a request needs a method.</li>
 * </ol>
 *
 * <p>
 * A request id ({@code rid}) is kept as sent: a {@link Long}, a {@link RawNumber} (any
 * other number, kept as its text so that it is echoed exactly) or a {@link String};
 * {@code null} when absent.
 */
public sealed interface WireMessage {

	/**
	 * A call or a notification: {@code {"rid":R,"method":M,"args":[...]}}.
	 *
	 * @param rid the request id, {@code null} for a notification
	 * @param method the method's wire name, never {@code null}
	 * @param args the {@code args} array as its bytes, {@code null} when absent or
	 * {@code null}
	 * @param meta the {@code meta} object (string to string, in the order sent), empty
	 * when absent; never {@code null}
	 * @param stream whether the request carried {@code "stream":true}: the caller reads a
	 * streaming method's items one {@link Next} at a time
	 */
	record Request(Object rid, String method, RawJson args, Map<String, String> meta,
			boolean stream) implements WireMessage {

		/**
		 * A request that does not ask for a stream.
		 * @param rid the request id, {@code null} for a notification
		 * @param method the method's wire name
		 * @param args the {@code args} array as its bytes, or {@code null}
		 * @param meta the {@code meta} object, empty when absent
		 */
		public Request(Object rid, String method, RawJson args, Map<String, String> meta) {
			this(rid, method, args, meta, false);
		}

		/**
		 * A request without {@code meta}.
		 * @param rid the request id, {@code null} for a notification
		 * @param method the method's wire name
		 * @param args the {@code args} array as its bytes, or {@code null}
		 */
		public Request(Object rid, String method, RawJson args) {
			this(rid, method, args, Map.of());
		}

		/**
		 * Tells whether the request carries a {@code rid}, which makes it a call rather
		 * than a notification.
		 * @return {@code true} when a {@code rid} was sent
		 */
		public boolean hasRid() {
			return this.rid != null;
		}

	}

	/**
	 * The answer to a call: {@code {"success":true,"rid":R,"data":V}} or
	 * {@code {"success":false,"rid":R,"error":"...","code":"..."}}.
	 *
	 * @param rid the request id echoed, {@code null} when absent
	 * @param success whether the call succeeded
	 * @param data the {@code data} value as its bytes, {@code null} when absent (a JSON
	 * {@code null} is a value whose {@link RawJson#isNull()} is {@code true})
	 * @param error the message of a failed answer, {@code null} when absent
	 * @param code the code of a failed answer as sent (unknown codes included),
	 * {@code null} when absent
	 */
	record Answer(Object rid, boolean success, RawJson data, String error, String code) implements WireMessage {
	}

	/**
	 * The first line a server sends on every connection:
	 * {@code {"action":"register","methods":[...]}}.
	 *
	 * @param methods the names in the {@code methods} array, {@code null} when absent
	 * @param protocol the {@code protocol} revision, {@code 0} when absent (a seed
	 * server)
	 * @param features the extension names in the {@code features} array, in the order
	 * sent; empty when absent (a seed server, or one with no extension)
	 * @param topics the names in the {@code topics} array, the topics a client may
	 * subscribe to; empty when absent
	 */
	record Register(List<String> methods, int protocol, List<String> features,
			List<String> topics) implements WireMessage {

		/**
		 * A register without {@code topics}.
		 * @param methods the names in the {@code methods} array, or {@code null}
		 * @param protocol the {@code protocol} revision, {@code 0} when absent
		 * @param features the extension names, empty for none
		 */
		public Register(List<String> methods, int protocol, List<String> features) {
			this(methods, protocol, features, List.of());
		}

		/**
		 * A register without {@code features}.
		 * @param methods the names in the {@code methods} array, or {@code null}
		 * @param protocol the {@code protocol} revision, {@code 0} when absent
		 */
		public Register(List<String> methods, int protocol) {
			this(methods, protocol, List.of());
		}

	}

	/**
	 * An event the server pushes to a connection that subscribed to its topic:
	 * {@code {"action":"event","topic":"prices","data":V}}.
	 *
	 * @param topic the topic's name, never {@code null}
	 * @param data the payload as its bytes, {@code null} when absent
	 */
	record Event(String topic, RawJson data) implements WireMessage {
	}

	/**
	 * One item of a streaming call, sent before its final answer:
	 * {@code {"action":"next","rid":R,"data":V}}.
	 *
	 * @param rid the request id of the streaming call, never {@code null}
	 * @param data the item as its bytes, {@code null} when absent
	 */
	record Next(Object rid, RawJson data) implements WireMessage {
	}

	/**
	 * A client's request to stop a streaming call: {@code {"action":"cancel","rid":R}}.
	 *
	 * @param rid the request id of the streaming call, never {@code null}
	 */
	record Cancel(Object rid) implements WireMessage {
	}

	/**
	 * Any other action message, such as {@code {"action":"ping"}} or
	 * {@code {"action":"pong"}}.
	 *
	 * @param name the action's name, never {@code null}
	 */
	record Action(String name) implements WireMessage {
	}

	/**
	 * A line that is valid JSON but no valid message; a server answers it with
	 * {@code INVALID_REQUEST}.
	 *
	 * @param rid the request id when one could be read, else {@code null}
	 * @param reason why the line is not a valid message, never {@code null}
	 */
	record Invalid(Object rid, String reason) implements WireMessage {
	}

}
