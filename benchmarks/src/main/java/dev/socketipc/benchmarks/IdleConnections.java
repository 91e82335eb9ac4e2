package dev.socketipc.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.socketipc.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * Opens many idle connections to a server process and reads what they cost it: heap used
 * after a full GC (via {@code jcmd}), threads and RSS (via {@code /proc}), before and
 * with the connections open. Each connection must get its register line, and one of them
 * must still answer {@code add} with all of them open.
 */
final class IdleConnections {

	private static final int BATCH = 500;

	private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * JDK 17: "total 57344K, used 11776K"; JDK 21+: "total reserved 6172672K, committed
	 * 40960K, used 9240K".
	 */
	private static final Pattern HEAP = Pattern
		.compile("(?:total (?:reserved \\d+K, committed )?)(\\d+)K, used (\\d+)K");

	/**
	 * What the idle connections cost.
	 *
	 * @param connections connections opened
	 * @param registered register lines received (one per connection)
	 * @param addAnswered whether {@code add(1,2,3,4,5)} was answered 15 with all
	 * connections open
	 * @param heapUsedBeforeKb heap used after a full GC, before
	 * @param heapUsedAfterKb heap used after a full GC, with the connections open
	 * @param heapCommittedBeforeKb heap committed, before
	 * @param heapCommittedAfterKb heap committed, with the connections open
	 * @param threadsBefore the server's threads, before
	 * @param threadsAfter the server's threads, with the connections open
	 * @param rssBeforeKb resident set size, before
	 * @param rssAfterKb resident set size, with the connections open
	 */
	record Result(int connections, int registered, boolean addAnswered, long heapUsedBeforeKb, long heapUsedAfterKb,
			long heapCommittedBeforeKb, long heapCommittedAfterKb, int threadsBefore, int threadsAfter,
			long rssBeforeKb, long rssAfterKb) {

		long heapGrowthKb() {
			return this.heapUsedAfterKb - this.heapUsedBeforeKb;
		}

	}

	private IdleConnections() {
	}

	static Result measure(ServerProcess server, int count, EventLoopGroup group) {
		checkFileLimit("this harness", ProcessHandle.current().pid(), count);
		checkFileLimit(server.name(), server.pid(), count);
		long[] heapBefore = heap(server.pid());
		int threadsBefore = (int) procStatus(server.pid(), "Threads");
		long rssBefore = procStatus(server.pid(), "VmRSS");
		AtomicInteger registered = new AtomicInteger();
		List<Channel> channels = new ArrayList<>(count);
		List<IdleHandler> handlers = new ArrayList<>(count);
		Bootstrap bootstrap = new Bootstrap().group(group)
			.channel(Transports.channelType(server.address()))
			.handler(new ChannelInitializer<>() {
				@Override
				protected void initChannel(Channel channel) {
					IdleHandler handler = new IdleHandler(registered);
					synchronized (handlers) {
						handlers.add(handler);
					}
					channel.pipeline().addLast(new LineBasedFrameDecoder(64 * 1024), handler);
				}
			});
		try {
			for (int opened = 0; opened < count; opened += BATCH) {
				int batch = Math.min(BATCH, count - opened);
				List<ChannelFuture> connecting = new ArrayList<>(batch);
				for (int i = 0; i < batch; i++) {
					connecting.add(bootstrap.connect(server.address().socketAddress()));
				}
				for (ChannelFuture future : connecting) {
					if (!future.awaitUninterruptibly(STEP_TIMEOUT.toMillis()) || !future.isSuccess()) {
						throw new IllegalStateException("connection " + (channels.size() + 1) + " of " + count + " to "
								+ server.address() + " failed: " + future.cause(), future.cause());
					}
					channels.add(future.channel());
				}
				awaitRegistered(registered, opened + batch);
			}
			server.checkAlive();
			IdleHandler probe;
			synchronized (handlers) {
				probe = handlers.get(handlers.size() / 2);
			}
			boolean answered = probe.callAdd();
			long[] heapAfter = heap(server.pid());
			int threadsAfter = (int) procStatus(server.pid(), "Threads");
			long rssAfter = procStatus(server.pid(), "VmRSS");
			return new Result(count, registered.get(), answered, heapBefore[1], heapAfter[1], heapBefore[0],
					heapAfter[0], threadsBefore, threadsAfter, rssBefore, rssAfter);
		}
		finally {
			List<ChannelFuture> closing = new ArrayList<>(channels.size());
			for (Channel channel : channels) {
				closing.add(channel.close());
			}
			for (ChannelFuture future : closing) {
				future.awaitUninterruptibly(5, TimeUnit.SECONDS);
			}
		}
	}

	private static void awaitRegistered(AtomicInteger registered, int expected) {
		long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
		while (registered.get() < expected) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"only " + registered.get() + " of " + expected + " connections got their register line");
			}
			try {
				TimeUnit.MILLISECONDS.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for register lines", ex);
			}
		}
	}

	/** Returns {committed, used} in KB, after a full GC. */
	private static long[] heap(long pid) {
		jcmd(pid, "GC.run");
		String info = jcmd(pid, "GC.heap_info");
		long committed = 0;
		long used = 0;
		for (String line : info.split("\n")) {
			if (line.contains("Metaspace") || line.contains("class space")) {
				continue;
			}
			Matcher matcher = HEAP.matcher(line);
			if (matcher.find()) {
				committed += Long.parseLong(matcher.group(1));
				used += Long.parseLong(matcher.group(2));
			}
		}
		if (committed == 0) {
			throw new IllegalStateException("could not read the heap from 'jcmd " + pid + " GC.heap_info':\n" + info);
		}
		return new long[] { committed, used };
	}

	private static String jcmd(long pid, String command) {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		try {
			Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
				.start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("'" + jcmd + " " + pid + " " + command + "' failed:\n" + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not run " + jcmd + " (a JDK, not a JRE, is needed)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running jcmd", ex);
		}
	}

	/** Reads a numeric field of {@code /proc/<pid>/status} (kB for sizes). */
	static long procStatus(long pid, String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith(field + ":")) {
					return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalStateException("no " + field + " in /proc/" + pid + "/status");
	}

	private static void checkFileLimit(String who, long pid, int count) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
				if (line.startsWith("Max open files")) {
					String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
					if (!"unlimited".equals(soft) && Long.parseLong(soft) < count + 256L) {
						throw new IllegalStateException(who + " may open only " + soft + " files, too few for " + count
								+ " connections: raise 'ulimit -n' (benchmarks/run does) or lower --idle-connections");
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Counts the register line, then answers one {@code add} call on demand. */
	private static final class IdleHandler extends SimpleChannelInboundHandler<ByteBuf> {

		private final AtomicInteger registered;

		private final CompletableFuture<String> answer = new CompletableFuture<>();

		private Channel channel;

		private boolean hasRegister;

		IdleHandler(AtomicInteger registered) {
			this.registered = registered;
		}

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			this.channel = ctx.channel();
			ctx.fireChannelActive();
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
			String text = line.toString(StandardCharsets.UTF_8);
			if (!this.hasRegister) {
				if (!text.contains("\"action\":\"register\"")) {
					this.answer.completeExceptionally(new WrongAnswerException("first line was not register: " + text));
					return;
				}
				this.hasRegister = true;
				this.registered.incrementAndGet();
				return;
			}
			this.answer.complete(text);
		}

		boolean callAdd() {
			this.channel.writeAndFlush(Unpooled.copiedBuffer("{\"rid\":1,\"method\":\"add\",\"args\":[1,2,3,4,5]}\n",
					StandardCharsets.US_ASCII));
			try {
				String text = this.answer.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				if (!text.contains("\"success\":true") || !text.contains("\"rid\":1")
						|| !text.contains("\"data\":15")) {
					throw new WrongAnswerException("add on an idle connection was answered " + text);
				}
				return true;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for add", ex);
			}
			catch (ExecutionException | TimeoutException ex) {
				throw new WrongAnswerException("add on an idle connection was not answered: " + ex);
			}
		}

	}

}
