package dev.socketipc;

import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The core's package rules, for the packages under one root: the real core
 * ({@code dev.socketipc}) or the broken fixture that proves each rule can fail
 * ({@code dev.socketipc.archfixture}).
 *
 * @param root the package holding {@code protocol}, {@code transport}, {@code server} and
 * {@code client}
 */
record CoreRules(String root) {

	/** No class refers to Spring, through a type, a signature or an annotation. */
	ArchRule noSpring() {
		return noClasses().that()
			.resideInAPackage(this.root + "..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework..")
			.because("the core runs without Spring; Spring belongs to ipc-spring-boot-autoconfigure");
	}

	/** The packages directly under the root form no cycle. */
	ArchRule noPackageCycles() {
		return slices().matching(this.root + ".(*)..").should().beFreeOfCycles();
	}

	/** The transport moves bytes and lines; it never sees a protocol type. */
	ArchRule transportKnowsNoProtocol() {
		return noClasses().that()
			.resideInAPackage(this.root + ".transport..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(this.root + ".protocol..")
			.because("the transport knows no message: decoding lines into messages is the protocol's job");
	}

	/** The server side never uses the client side. */
	ArchRule serverDoesNotUseClient() {
		return noClasses().that()
			.resideInAPackage(this.root + ".server..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(this.root + ".client..")
			.because("the server and the client share only protocol, transport and annotations");
	}

	/** The client side never uses the server side. */
	ArchRule clientDoesNotUseServer() {
		return noClasses().that()
			.resideInAPackage(this.root + ".client..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(this.root + ".server..")
			.because("the server and the client share only protocol, transport and annotations");
	}

}
