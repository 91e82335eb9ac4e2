package dev.socketipc.test.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code ipc.test.in-process} properties of the in-process transport.
 */
@ConfigurationProperties("ipc.test.in-process")
public class IpcInProcessProperties {

	/**
	 * Whether the IPC server binds a local: address unique to the application context
	 * instead of its socket or port.
	 */
	private boolean enabled;

	/**
	 * The uid the in-process server reports for its peers; this JVM's own when unset.
	 */
	private Long peerUid;

	/**
	 * The gid the in-process server reports for its peers; this JVM's own when unset.
	 */
	private Long peerGid;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Long getPeerUid() {
		return this.peerUid;
	}

	public void setPeerUid(Long peerUid) {
		this.peerUid = peerUid;
	}

	public Long getPeerGid() {
		return this.peerGid;
	}

	public void setPeerGid(Long peerGid) {
		this.peerGid = peerGid;
	}

}
