package dev.socketipc.autoconfigure.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of IPC calls: {@link #SERVER} for every request a server reads,
 * {@link #CLIENT} for every call of an {@code @IpcClient} proxy. Their names and keys
 * here are those of the default conventions; the OpenTelemetry ones
 * ({@code ipc.observation.convention=opentelemetry}) rename them.
 *
 * <p>
 * Every low-cardinality key is always present, so that all timers of one name carry the
 * same tag keys (as Prometheus and Micrometer's {@code TestObservationRegistry} require):
 * {@code error.type} is {@value #NO_ERROR} on success rather than absent, and
 * {@code rpc.status_code} is {@value #UNKNOWN} until the call ends.
 */
public enum IpcObservationDocumentation implements ObservationDocumentation {

	/**
	 * A call as the server sees it, from its parsed line to its answer, including calls
	 * answered with an error before any method runs.
	 */
	SERVER {
		@Override
		public String getName() {
			return "ipc.server";
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return IpcServerObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return CommonKeyNames.values();
		}
	},

	/**
	 * A call of an {@code @IpcClient} proxy, from the caller to the answer, a timeout or
	 * a connection failure.
	 */
	CLIENT {
		@Override
		public String getName() {
			return "ipc.client";
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return IpcClientObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return KeyName.merge(CommonKeyNames.values(), ClientKeyNames.values());
		}
	};

	/** The value of {@code rpc.system.name}. */
	public static final String SYSTEM_NAME = "socket-ipc";

	/** The {@code rpc.method} of a method the server does not expose. */
	public static final String OTHER_METHOD = "_OTHER";

	/** The {@code error.type} of a call that succeeded. */
	public static final String NO_ERROR = "none";

	/** The {@code rpc.status_code} before a call ends. */
	public static final String UNKNOWN = "UNKNOWN";

	/** The {@code rpc.status_code} of a call answered with success. */
	public static final String OK = "OK";

	/** The client's {@code rpc.status_code} of a call that got no answer in time. */
	public static final String TIMEOUT = "TIMEOUT";

	/**
	 * The client's {@code rpc.status_code} of a call whose connection failed or was lost
	 * before the answer.
	 */
	public static final String CONNECTION_FAILED = "CONNECTION_FAILED";

	/**
	 * Low-cardinality keys of both sides.
	 */
	public enum CommonKeyNames implements KeyName {

		/** Always {@value IpcObservationDocumentation#SYSTEM_NAME}. */
		RPC_SYSTEM_NAME {
			@Override
			public String asString() {
				return "rpc.system.name";
			}
		},

		/**
		 * The method's wire name, prefix included; on the server
		 * {@value IpcObservationDocumentation#OTHER_METHOD} for a name it does not
		 * expose, so that a peer cannot create new tag values.
		 */
		RPC_METHOD {
			@Override
			public String asString() {
				return "rpc.method";
			}
		},

		/**
		 * {@code OK} or the error code answered (custom codes too); on the client also
		 * {@code TIMEOUT} or {@code CONNECTION_FAILED} when no answer came.
		 */
		RPC_STATUS_CODE {
			@Override
			public String asString() {
				return "rpc.status_code";
			}
		},

		/**
		 * The error code answered, or the exception's class name when no code came;
		 * {@value IpcObservationDocumentation#NO_ERROR} on success.
		 */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error.type";
			}
		},

		/** {@code unix} or {@code tcp}. */
		NETWORK_TRANSPORT {
			@Override
			public String asString() {
				return "network.transport";
			}
		}

	}

	/**
	 * Low-cardinality keys of the client only.
	 */
	public enum ClientKeyNames implements KeyName {

		/** The Unix socket's path, or the TCP host. */
		SERVER_ADDRESS {
			@Override
			public String asString() {
				return "server.address";
			}
		},

		/**
		 * The {@code @IpcClient} server name (a key of {@code ipc.client.servers}), or
		 * the address for a client that names none.
		 */
		SERVER_NAME {
			@Override
			public String asString() {
				return "ipc.server.name";
			}
		}

	}

}
