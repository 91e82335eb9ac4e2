package dev.socketipc.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketipc.protocol.LineFramer;
import dev.socketipc.transport.LogLimiter;
import dev.socketipc.transport.Tls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The server's one pipeline for a new connection, in order: refusal past
 * {@code max-connections}, peer credentials check, TLS, idle timeout, partial-line
 * timeout, the line framer ({@link LineFramer}, which hands each line straight to the
 * connection), then the {@link ServerConnection}. The server, the tests that drive a
 * pipeline in an {@code EmbeddedChannel} and the JMH benchmark all build connections with
 * it. Shared by every connection of one run: it keeps no state of its own, and counts
 * open and refused connections into the server's statistics.
 */
final class ServerPipeline extends ChannelInitializer<Channel> {

	private final ServerRuntime runtime;

	private final Limits limits;

	/**
	 * The channels {@code stop()} drains, or {@code null} when nobody drains them (tests,
	 * benchmark).
	 */
	private final ChannelGroup connections;

	private final LogLimiter refusalLog = new LogLimiter(ServerRuntime.LOG_INTERVAL);

	private final LogLimiter partialLineLog = new LogLimiter(ServerRuntime.LOG_INTERVAL);

	/**
	 * @param connections where accepted connections are added, or {@code null}
	 */
	ServerPipeline(ServerRuntime runtime, Limits limits, ChannelGroup connections) {
		this.runtime = runtime;
		this.limits = limits;
		this.connections = connections;
	}

	/**
	 * A pipeline with the framer and the connection only, as tests and the benchmark
	 * drive it.
	 */
	static ServerPipeline lines(ServerRuntime runtime, int maxLineLength) {
		return new ServerPipeline(runtime, Limits.lines(maxLineLength), null);
	}

	@Override
	protected void initChannel(Channel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		AtomicInteger openConnections = this.runtime.statistics.openConnections;
		int open = openConnections.incrementAndGet();
		channel.closeFuture().addListener((future) -> openConnections.decrementAndGet());
		if (this.limits.maxConnections() > 0 && open > this.limits.maxConnections()) {
			this.runtime.statistics.connectionRefused();
			pipeline.addLast("refusal",
					new ConnectionRefusal(this.runtime.codec, this.limits.maxConnections(), this.refusalLog));
			return;
		}
		if (this.connections != null) {
			this.connections.add(channel);
		}
		HalfClose.install(channel);
		if (this.limits.peerCheck() != null) {
			pipeline.addLast("peer", this.limits.peerCheck());
		}
		if (this.limits.tls() != null) {
			pipeline.addLast("tls", this.limits.tls().newServerHandler());
		}
		if (!this.limits.idleTimeout().isZero()) {
			pipeline.addLast("idle",
					new IdleStateHandler(0, 0, this.limits.idleTimeout().toNanos(), TimeUnit.NANOSECONDS));
		}
		if (!this.limits.readTimeout().isZero()) {
			pipeline.addLast("readTimeout",
					new PartialLineTimeout(this.limits.readTimeout().toNanos(), this.partialLineLog));
		}
		ServerConnection connection = new ServerConnection(this.runtime, this.limits.maxLineLength());
		pipeline.addLast("framer", new LineFramer(this.limits.maxLineLength(), connection))
			.addLast("connection", connection);
	}

	/**
	 * What the pipeline enforces before a line reaches the connection.
	 *
	 * @param maxLineLength the framer's limit in bytes
	 * @param maxConnections connections open at once past which a new one is refused,
	 * {@code 0} for no limit
	 * @param peerCheck the Unix peer credentials check, {@code null} for none (TCP)
	 * @param tls the TLS settings, {@code null} for plaintext
	 * @param idleTimeout how long a quiet connection stays open, zero for ever
	 * @param readTimeout how long a line may stay incomplete, zero for ever
	 */
	record Limits(int maxLineLength, int maxConnections, PeerCredentialsCheck peerCheck, Tls tls, Duration idleTimeout,
			Duration readTimeout) {

		static Limits lines(int maxLineLength) {
			return new Limits(maxLineLength, 0, null, null, Duration.ZERO, Duration.ZERO);
		}

	}

}
