package dev.socketipc.leak;

import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leak while it ran: after the class (its own
 * {@code @AfterAll} included) it collects garbage, makes the detectors report, and throws
 * an {@link AssertionError} quoting every report, with the access records that show where
 * the buffer was allocated and last used. Also fails at once when the recording detectors
 * were not installed in time, so that the gate can never be silently off.
 *
 * <p>
 * Registered for every test class through
 * {@code junit.jupiter.extensions.autodetection.enabled=true} in
 * {@code junit-platform.properties} and
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}.
 */
public final class NettyLeakGate implements BeforeAllCallback, AfterAllCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		if (!NettyLeakReports.isGuardingByteBufs()) {
			throw new IllegalStateException("The Netty leak gate is not installed: Netty created its ByteBuf leak "
					+ "detector before " + NettyLeakDetectionInstaller.class.getName() + " ran (is it still listed "
					+ "in META-INF/services/org.junit.platform.launcher.LauncherSessionListener?)");
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		List<String> leaks = NettyLeakReports.collect();
		if (!leaks.isEmpty()) {
			throw new AssertionError("Netty reported " + leaks.size() + " leak(s) while "
					+ context.getRequiredTestClass().getName() + " ran (a ByteBuf or other reference-counted object "
					+ "was garbage-collected without release()):\n\n" + String.join("\n\n", leaks));
		}
	}

}
