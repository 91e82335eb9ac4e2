package dev.socketipc;

import java.net.URISyntaxException;
import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.socketipc.archfixture.server.FixtureServer;
import dev.socketipc.server.IpcServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Checks the core's package rules ({@link CoreRules}) on its compiled main classes, and
 * checks on deliberately broken fixture classes ({@code dev.socketipc.archfixture}) that
 * each rule does report what it forbids.
 */
class ArchitectureTest {

	private static final JavaClasses CORE = importOutputDirectoryOf(IpcServer.class);

	private static final JavaClasses FIXTURE = new ClassFileImporter()
		.importPackages(FixtureServer.class.getPackageName().replace(".server", ""));

	private static final CoreRules CORE_RULES = new CoreRules("dev.socketipc");

	private static final CoreRules FIXTURE_RULES = new CoreRules("dev.socketipc.archfixture");

	@Test
	void importCoversEveryCorePackage() {
		assertThat(CORE.stream().map((javaClass) -> javaClass.getPackageName()).distinct()).contains(
				"dev.socketipc.annotation", "dev.socketipc.protocol", "dev.socketipc.transport", "dev.socketipc.server",
				"dev.socketipc.client");
		assertThat(CORE.contain(IpcServer.class)).isTrue();
		assertThat(CORE.contain(ArchitectureTest.class)).as("test classes are not part of the core").isFalse();
	}

	@Test
	void coreDependsOnNoSpringType() {
		CORE_RULES.noSpring().check(CORE);
	}

	@Test
	void corePackagesHaveNoCycle() {
		CORE_RULES.noPackageCycles().check(CORE);
	}

	@Test
	void transportKnowsNoProtocolType() {
		CORE_RULES.transportKnowsNoProtocol().check(CORE);
	}

	@Test
	void serverAndClientNeverUseEachOther() {
		CORE_RULES.serverDoesNotUseClient().check(CORE);
		CORE_RULES.clientDoesNotUseServer().check(CORE);
	}

	@Test
	void noSpringRuleReportsASpringTypeInAFieldOfTheFixture() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> FIXTURE_RULES.noSpring().check(FIXTURE))
			.withMessageContaining("FixtureServer")
			.withMessageContaining("org.springframework.boot.test.system.CapturedOutput");
	}

	@Test
	void cycleRuleReportsTheServerClientCycleOfTheFixture() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> FIXTURE_RULES.noPackageCycles().check(FIXTURE))
			.withMessageContaining("Cycle detected");
	}

	@Test
	void transportRuleReportsTheProtocolTypeUsedByTheFixtureTransport() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> FIXTURE_RULES.transportKnowsNoProtocol().check(FIXTURE))
			.withMessageContaining("FixtureTransport")
			.withMessageContaining("FixtureMessage");
	}

	@Test
	void serverAndClientRulesReportTheFixtureUsingEachOther() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> FIXTURE_RULES.serverDoesNotUseClient().check(FIXTURE))
			.withMessageContaining("FixtureServer");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> FIXTURE_RULES.clientDoesNotUseServer().check(FIXTURE))
			.withMessageContaining("FixtureClient");
	}

	/**
	 * Imports the classes of the directory or jar a class was loaded from: the core's
	 * main output, not its tests.
	 */
	private static JavaClasses importOutputDirectoryOf(Class<?> type) {
		try {
			Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
			return new ClassFileImporter().importPath(location);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException("No class path location for " + type.getName(), ex);
		}
	}

}
