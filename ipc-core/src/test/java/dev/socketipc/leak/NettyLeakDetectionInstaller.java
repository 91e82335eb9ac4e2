package dev.socketipc.leak;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs the recording leak detectors of {@link NettyLeakReports} when the JUnit
 * launcher session opens, which is before any test class is discovered or run, and so
 * before Netty creates its detectors. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class NettyLeakDetectionInstaller implements LauncherSessionListener {

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		NettyLeakReports.install();
	}

}
