package dev.socketipc.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connect/retry state machine on its own: which calls are sent, parked or refused in
 * each state, and which channel events are stale.
 */
class ConnectionStateTest {

	private final ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2, 0);

	private final ConnectionState state = new ConnectionState(this.backoff);

	private final AtomicInteger parked = new AtomicInteger();

	@Test
	void startsOnlyOnce() {
		assertThat(this.state.start()).isTrue();
		assertThat(this.state.start()).isFalse();
	}

	@Test
	void neverStartsOnceClosed() {
		assertThat(this.state.close()).isTrue();
		assertThat(this.state.close()).isFalse();
		assertThat(this.state.start()).isFalse();
	}

	@Test
	void parksCallsWhileTheFirstAttemptIsUnderWay() {
		this.state.start();
		assertThat(admit(false)).isEqualTo(ConnectionState.Admission.PARKED);
		assertThat(this.parked).hasValue(1);
	}

	@Test
	void sendsOnceRegisteredOnTheAdoptedChannel() {
		Channel channel = new EmbeddedChannel();
		this.state.adopt(channel);
		assertThat(this.state.register(channel)).isTrue();
		assertThat(this.state.readyChannel()).isSameAs(channel);
		assertThat(admit(false)).isEqualTo(ConnectionState.Admission.READY);
		assertThat(this.parked).hasValue(0);
	}

	@Test
	void ignoresTheRegisterOfAStaleChannel() {
		Channel stale = new EmbeddedChannel();
		this.state.adopt(stale);
		this.state.adopt(new EmbeddedChannel());
		assertThat(this.state.register(stale)).isFalse();
		assertThat(this.state.readyChannel()).isNull();
	}

	@Test
	void refusesCallsThatDoNotWaitOnceAnAttemptFailedAndParksThoseThatDo() {
		IllegalStateException refused = new IllegalStateException("refused");
		this.state.attemptFailed(null, refused);
		assertThat(this.state.isUnavailable()).isTrue();
		assertThat(this.state.lastFailure()).isSameAs(refused);
		assertThat(admit(false)).isEqualTo(ConnectionState.Admission.UNAVAILABLE);
		assertThat(admit(true)).isEqualTo(ConnectionState.Admission.PARKED);
	}

	@Test
	void aRegisterClearsTheFailureAndTheBackoff() {
		this.state.attemptFailed(null, new IllegalStateException("refused"));
		this.state.nextRetryDelayNanos();
		long second = this.state.nextRetryDelayNanos();
		Channel channel = new EmbeddedChannel();
		this.state.adopt(channel);
		this.state.register(channel);
		assertThat(this.state.isUnavailable()).isFalse();
		assertThat(this.state.lastFailure()).isNull();
		assertThat(this.state.nextRetryDelayNanos()).isLessThan(second);
	}

	@Test
	void aChannelLostBeforeItsRegisterIsAFailedAttempt() {
		Channel channel = new EmbeddedChannel();
		this.state.adopt(channel);
		IpcConnectionException noRegister = new IpcConnectionException("no register", null);
		assertThat(this.state.lose(channel, () -> noRegister)).isTrue();
		assertThat(this.state.isUnavailable()).isTrue();
		assertThat(this.state.lastFailure()).isSameAs(noRegister);
	}

	@Test
	void aLostRegisteredChannelIsNotAFailedAttempt() {
		Channel channel = new EmbeddedChannel();
		this.state.adopt(channel);
		this.state.register(channel);
		assertThat(this.state.lose(channel, () -> new IpcConnectionException("no register", null))).isTrue();
		assertThat(this.state.isUnavailable()).isFalse();
		assertThat(this.state.readyChannel()).isNull();
		assertThat(this.state.lastFailure()).isNull();
	}

	@Test
	void theLossOfAStaleChannelChangesNothing() {
		Channel current = new EmbeddedChannel();
		this.state.adopt(current);
		this.state.register(current);
		assertThat(this.state.lose(new EmbeddedChannel(), () -> null)).isFalse();
		assertThat(this.state.readyChannel()).isSameAs(current);
	}

	@Test
	void closingRefusesCallsStopsRetriesAndDetachesTheChannel() {
		Channel channel = new EmbeddedChannel();
		this.state.adopt(channel);
		this.state.register(channel);
		this.state.close();
		assertThat(this.state.nextRetryDelayNanos()).isEqualTo(-1);
		assertThat(this.state.detach()).isSameAs(channel);
		assertThat(admit(true)).isEqualTo(ConnectionState.Admission.CLOSED);
		this.state.adopt(new EmbeddedChannel());
		assertThat(this.state.detach()).isNull();
	}

	private ConnectionState.Admission admit(boolean waitForReady) {
		return this.state.admit(waitForReady, this.parked::incrementAndGet);
	}

}
