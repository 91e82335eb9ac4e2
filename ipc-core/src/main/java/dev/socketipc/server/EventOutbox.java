package dev.socketipc.server;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.RejectedExecutionException;

import dev.socketipc.transport.Transports;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's queue of event lines: bounded to {@code capacity} published events
 * (past it the {@link EventOverflow} policy applies and each event dropped is counted),
 * drained on the event loop only while the channel is writable, in batches with one flush
 * per drain.
 *
 * <p>
 * Threads: {@link #offer} runs on any publishing thread and schedules a drain only when
 * none is pending; {@link #drain()} runs on the event loop. A pending drain stays pending
 * while the channel has no room: it runs again once the socket took what was written.
 * Lines of an {@code @IpcTopic} publisher ({@link #offerFeed}) are not counted against
 * the capacity: their publisher gets no more than a window of them ahead of the socket,
 * so they never cause a drop.
 */
final class EventOutbox {

	private static final Logger logger = LoggerFactory.getLogger(EventOutbox.class);

	private static final int BATCH = 64;

	private final ChannelHandlerContext ctx;

	private final IpcPeer peer;

	private final int capacity;

	private final EventOverflow overflow;

	private final IpcServerStatistics statistics;

	private final Runnable drainTask = this::drain;

	/** Lines to write, {@link ByteBuf}s and {@link FeedLine}s; guarded by this. */
	private final ArrayDeque<Object> queue = new ArrayDeque<>();

	/** Published events in {@link #queue}; guarded by this. */
	private int events;

	/** The most published events ever queued at once; guarded by this. */
	private int mostQueued;

	/** Whether a drain is scheduled or waits for writability; guarded by this. */
	private boolean drainPending;

	/** Guarded by this. */
	private boolean closed;

	/** Used by the event loop only. */
	private final Object[] batch = new Object[BATCH];

	EventOutbox(ChannelHandlerContext ctx, IpcPeer peer, int capacity, EventOverflow overflow,
			IpcServerStatistics statistics) {
		this.ctx = ctx;
		this.peer = peer;
		this.capacity = capacity;
		this.overflow = overflow;
		this.statistics = statistics;
	}

	/** The connection's peer, the same instance its calls see. */
	IpcPeer peer() {
		return this.peer;
	}

	/**
	 * Queues a published event line, taking ownership of it.
	 * @return whether it was queued (not dropped, the connection not closed)
	 */
	boolean offer(ByteBuf line) {
		boolean queued;
		boolean schedule = false;
		boolean overflowed = false;
		synchronized (this) {
			if (this.closed) {
				line.release();
				return false;
			}
			if (this.events == this.capacity) {
				this.statistics.eventDropped();
				if (this.overflow == EventOverflow.CLOSE) {
					closeLocked();
					overflowed = true;
				}
				else if (this.overflow == EventOverflow.DROP_OLDEST) {
					dropOldest();
				}
			}
			queued = this.events < this.capacity && !overflowed;
			if (queued) {
				this.queue.add(line);
				this.events++;
				if (this.events > this.mostQueued) {
					this.mostQueued = this.events;
				}
				schedule = !this.drainPending;
				this.drainPending = true;
			}
			else {
				line.release();
			}
		}
		if (overflowed) {
			closeForOverflow();
		}
		return (schedule) ? scheduleDrain() : queued;
	}

	/**
	 * Hands a drain to the event loop.
	 * @return {@code false} when the event loop is gone (the server stopped): the outbox
	 * is closed, its lines released
	 */
	private boolean scheduleDrain() {
		try {
			this.ctx.executor().execute(this.drainTask);
			return true;
		}
		catch (RejectedExecutionException ex) {
			close();
			return false;
		}
	}

	/**
	 * Queues a line of an {@code @IpcTopic} publisher, outside the capacity; the feed
	 * hears when it was written.
	 */
	void offerFeed(ByteBuf line, TopicFeed feed) {
		boolean schedule;
		synchronized (this) {
			if (this.closed) {
				line.release();
				return;
			}
			this.queue.add(new FeedLine(line, feed));
			schedule = !this.drainPending;
			this.drainPending = true;
		}
		if (schedule) {
			scheduleDrain();
		}
	}

	private void dropOldest() {
		Iterator<Object> lines = this.queue.iterator();
		while (lines.hasNext()) {
			Object line = lines.next();
			if (line instanceof ByteBuf event) {
				lines.remove();
				event.release();
				this.events--;
				return;
			}
		}
	}

	private void closeForOverflow() {
		logger.warn(
				"Closing connection {}: its client did not read events fast enough and {} were queued "
						+ "(ipc.server.events.overflow=close, ipc.server.events.buffer-size={})",
				Transports.describePeer(this.ctx.channel()), this.capacity, this.capacity);
		this.ctx.channel().close();
	}

	/**
	 * Writes the lines queued when it started while the channel has room for them
	 * ({@link WriteRoom}), then flushes once. Lines queued meanwhile (an
	 * {@code @IpcTopic} publisher may emit while it is written to) are left to a drain it
	 * schedules behind the event loop's other work, so an endless publisher never keeps
	 * the event loop to itself; when it stopped for room, it goes on once the socket took
	 * what was written. Runs on the event loop.
	 */
	void drain() {
		int left;
		synchronized (this) {
			left = this.queue.size();
		}
		boolean wrote = false;
		boolean full = false;
		boolean more = false;
		while (true) {
			if (!WriteRoom.hasRoom(this.ctx.channel())) {
				full = true;
				break;
			}
			int count = 0;
			synchronized (this) {
				while (count < BATCH && left > 0) {
					Object line = this.queue.poll();
					if (line == null) {
						break;
					}
					left--;
					if (line instanceof ByteBuf) {
						this.events--;
					}
					this.batch[count++] = line;
				}
				if (count == 0) {
					more = !this.queue.isEmpty();
					this.drainPending = more;
					break;
				}
			}
			for (int i = 0; i < count; i++) {
				write(this.batch[i]);
				this.batch[i] = null;
			}
			wrote = true;
		}
		if (full && this.ctx.channel().isActive()) {
			WriteRoom.flushThen(this.ctx, this.drainTask);
			return;
		}
		if (wrote) {
			this.ctx.flush();
		}
		if (more) {
			this.ctx.executor().execute(this.drainTask);
		}
	}

	private void write(Object line) {
		if (line instanceof FeedLine feedLine) {
			this.ctx.write(feedLine.line(), this.ctx.voidPromise());
			feedLine.feed().written();
		}
		else {
			this.ctx.write(line, this.ctx.voidPromise());
		}
	}

	/** Releases every queued line and refuses new ones. */
	void close() {
		synchronized (this) {
			closeLocked();
		}
	}

	private void closeLocked() {
		this.closed = true;
		for (Object line : this.queue) {
			((line instanceof FeedLine feedLine) ? feedLine.line() : (ByteBuf) line).release();
		}
		this.queue.clear();
		this.events = 0;
	}

	/** The published events queued now. */
	synchronized int queued() {
		return this.events;
	}

	/** The most published events queued at once so far. */
	synchronized int mostQueued() {
		return this.mostQueued;
	}

	private record FeedLine(ByteBuf line, TopicFeed feed) {
	}

}
