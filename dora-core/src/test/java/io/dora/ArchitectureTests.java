package io.dora;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules of dora-core, checked on its compiled classes: each test fails, naming the offending
 * dependency, when a class breaks its rule. {@code docs/architecture.md} explains the layering.
 */
class ArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importLocations(List.of(Location.of(mainClasses())));

	@Test
	void rulesSeeEveryPackageOfDoraCore() {
		assertThat(CLASSES.containPackage("io.dora.protocol")).isTrue();
		assertThat(CLASSES.containPackage("io.dora.client.connection")).isTrue();
		assertThat(CLASSES.containPackage("io.dora.web.openapi")).isTrue();
		assertThat(CLASSES.containPackage("io.dora.protocol.original")).isTrue();
		assertThat(CLASSES.containPackage("io.dora.server.original")).isTrue();
		assertThat(CLASSES.containPackage("io.dora.discovery.original")).isTrue();
		assertThat(CLASSES.contain(io.dora.handler.DoraDispatcher.class)).isTrue();
	}

	@Test
	void protocolImportsNoSpring() {
		check(noClasses().that()
			.resideInAPackage("io.dora.protocol..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.."));
	}

	@Test
	void handlerImportsNoTransportAndNoClient() {
		check(noClasses().that()
			.resideInAPackage("io.dora.handler..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.dora.server..", "io.dora.web..", "io.dora.client..", "io.netty.."));
	}

	@Test
	void clientImportsNoServer() {
		check(noClasses().that()
			.resideInAPackage("io.dora.client..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.dora.server..", "io.dora.handler..", "io.dora.web.."));
	}

	@Test
	void discoveryImportsNoServerInternals() {
		check(noClasses().that()
			.resideInAPackage("io.dora.discovery..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.dora.server.netty..", "io.dora.server.original..", "io.dora.handler..",
					"io.dora.web..", "io.netty.."));
	}

	@Test
	void originalProtocolUsesOnlyDorasProtocol() {
		check(noClasses().that()
			.resideInAPackage("io.dora.protocol.original..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.dora.server..", "io.dora.client..", "io.dora.handler..", "io.dora.web..",
					"io.dora.discovery..", "io.dora.security..", "io.dora.netty.."));
	}

	@Test
	void dorasProtocolKnowsNothingOfTheOriginal() {
		check(noClasses().that()
			.resideInAPackage("io.dora.protocol")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.dora.protocol.original.."));
	}

	@Test
	void theTwoServersKnowNothingOfEachOther() {
		check(noClasses().that()
			.resideInAPackage("io.dora.server.original..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.dora.server.netty..", "io.dora.server.context..", "io.dora.security..",
					"io.dora.client..", "io.dora.web..", "io.dora.discovery.."));
		check(noClasses().that()
			.resideInAPackage("io.dora.server.netty..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.dora.server.original.."));
	}

	@Test
	void connectionsKnowNothingOfTheClientApi() {
		check(noClasses().that()
			.resideInAPackage("io.dora.client.connection..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.dora.client"));
	}

	@Test
	void declarativeClientsUseOnlyTheClientApi() {
		check(noClasses().that()
			.resideInAPackage("io.dora.client.proxy..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.dora.client.connection..", "io.dora.discovery..", "io.dora.protocol..",
					"io.netty.."));
	}

	@Test
	void securityDependsOnNoTransport() {
		check(noClasses().that()
			.resideInAPackage("io.dora.security..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.dora.server..", "io.dora.web..", "io.dora.client..", "io.dora.handler.."));
	}

	@Test
	void onlyTheOpenApiPackageUsesSwagger() {
		// swagger-core is an optional dependency: the endpoint must load without it.
		check(noClasses().that()
			.resideOutsideOfPackage("io.dora.web.openapi..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.swagger..", "io.dora.web.openapi.."));
	}

	@Test
	void nothingDependsOnSpringBoot() {
		check(noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework.boot.."));
	}

	@Test
	void packagesHaveNoCycles() {
		check(slices().matching("io.dora.(**)").should().beFreeOfCycles());
	}

	private static void check(ArchRule rule) {
		rule.check(CLASSES);
	}

	/** Where dora-core's own classes are: importing only them, rather than scanning every jar, is fast. */
	private static URI mainClasses() {
		try {
			return DoraException.class.getProtectionDomain().getCodeSource().getLocation().toURI();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
