package dev.socketipc.autoconfigure;

import java.nio.file.Path;

import dev.socketipc.PackageInfos;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every package of the auto-configuration's main code says in a {@code package-info.java}
 * what it is for.
 */
class AutoConfigurePackageInfoTest {

	@Test
	void everyMainPackageHasAPackageInfoSentence() {
		assertThat(PackageInfos.undocumentedPackages(Path.of("src/main/java"))).isEmpty();
	}

}
