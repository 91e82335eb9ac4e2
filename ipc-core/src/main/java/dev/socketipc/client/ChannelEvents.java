package dev.socketipc.client;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.socketipc.protocol.WireMessage;
import io.netty.channel.Channel;

/**
 * What a connection's channels report, on their event loop, routed to the part of the
 * {@link IpcConnection} that handles it: answers and streamed items to its calls, events
 * to its topic subscriptions, and the channel's life (adopted, registered, failed, gone)
 * to its state and the connection.
 */
final class ChannelEvents implements ClientHandler.Listener {

	private final ConnectionState state;

	private final PendingCalls calls;

	private final TopicSubscriptions subscriptions;

	private final BiConsumer<Channel, WireMessage.Register> registered;

	private final Consumer<Channel> disconnected;

	ChannelEvents(ConnectionState state, PendingCalls calls, TopicSubscriptions subscriptions,
			BiConsumer<Channel, WireMessage.Register> registered, Consumer<Channel> disconnected) {
		this.state = state;
		this.calls = calls;
		this.subscriptions = subscriptions;
		this.registered = registered;
		this.disconnected = disconnected;
	}

	@Override
	public void adopt(Channel channel) {
		// Adopt the channel before it connects: the server sends its register as soon as
		// it
		// accepts, and that line may be read before a listener added to the connect
		// future
		// has run.
		this.state.adopt(channel);
		BatchedWrites.install(channel, this.calls);
	}

	@Override
	public void onRegister(Channel channel, WireMessage.Register register) {
		this.registered.accept(channel, register);
	}

	@Override
	public void onAnswer(WireMessage.Answer answer) {
		this.calls.answer(answer);
	}

	@Override
	public void onEvent(WireMessage.Event event) {
		this.subscriptions.dispatch(event);
	}

	@Override
	public void onNext(WireMessage.Next next) {
		this.calls.next(next);
	}

	@Override
	public void onConnectionError(Throwable cause) {
		this.state.lastFailure(cause);
	}

	@Override
	public void onDisconnected(Channel channel) {
		this.disconnected.accept(channel);
	}

}
