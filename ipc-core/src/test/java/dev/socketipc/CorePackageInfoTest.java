package dev.socketipc;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every package of ipc-core's main code says in a {@code package-info.java} what it is
 * for.
 */
class CorePackageInfoTest {

	@Test
	void everyMainPackageHasAPackageInfoSentence() {
		assertThat(PackageInfos.undocumentedPackages(Path.of("src/main/java"))).isEmpty();
	}

	@Test
	void reportsAPackageWithoutPackageInfo() {
		assertThat(PackageInfos.undocumentedPackages(Path.of("src/test/java")))
			.contains("dev/socketipc/archfixture/server");
	}

}
