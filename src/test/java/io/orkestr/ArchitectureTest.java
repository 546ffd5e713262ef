package io.orkestr;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering STYLE.md describes: a pure core, frameworks at the edge, adapters known only to app/. */
class ArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.orkestr");
  }

  @Test
  void theCoreUsesNoFrameworkAndNoIo() {
    noClasses().that().resideInAnyPackage("io.orkestr.manifest..", "io.orkestr.tier..", "io.orkestr.desired..", "io.orkestr.actual..",
            "io.orkestr.diff..", "io.orkestr.plan..")
        .should().dependOnClassesThat().resideInAnyPackage("com.github.dockerjava..", "picocli..", "io.vertx..", "org.quartz..",
            "java.nio.file..", "java.net..", "org.slf4j..")
        .check(classes);
  }

  @Test
  void theCoreDoesNotDependOnTheLayersAboveIt() {
    noClasses().that().resideInAnyPackage("io.orkestr.manifest..", "io.orkestr.tier..", "io.orkestr.desired..", "io.orkestr.actual..",
            "io.orkestr.diff..", "io.orkestr.plan..", "io.orkestr.render..")
        .should().dependOnClassesThat().resideInAnyPackage("io.orkestr.service..", "io.orkestr.cli..", "io.orkestr.app..",
            "io.orkestr.docker..")
        .check(classes);
  }

  @Test
  void onlyAppKnowsTheAdapters() {
    noClasses().that().resideOutsideOfPackages("io.orkestr.app..", "io.orkestr.docker.engine..", "io.orkestr.credential.fs..",
            "io.orkestr.lock.fs..", "io.orkestr.state.fs..", "io.orkestr.backup.fs..", "io.orkestr.events.fs..")
        .should().dependOnClassesThat().resideInAnyPackage("io.orkestr.docker.engine..", "io.orkestr.credential.fs..",
            "io.orkestr.lock.fs..", "io.orkestr.state.fs..", "io.orkestr.backup.fs..", "io.orkestr.events.fs..")
        .check(classes);
  }

  @Test
  void theCliGoesThroughTheService() {
    noClasses().that().resideInAPackage("io.orkestr.cli..")
        .should().dependOnClassesThat().resideInAnyPackage("io.orkestr.docker.engine..", "io.orkestr.diff..", "io.orkestr.actual..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.orkestr.docker.DockerPort")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.orkestr.plan.Planner")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.orkestr.apply.Applier")
        .check(classes);
  }

  @Test
  void vertxStaysInTheDaemon() {
    noClasses().that().resideOutsideOfPackages("io.orkestr.daemon..", "io.orkestr.app..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..")
        .check(classes);
  }

  @Test
  void theDaemonRunsCommandsWithoutKnowingTheCli() {
    noClasses().that().resideInAPackage("io.orkestr.daemon..")
        .should().dependOnClassesThat().resideInAnyPackage("io.orkestr.cli..", "io.orkestr.app..")
        .check(classes);
  }

  @Test
  void theControlPlaneGoesThroughTheServiceAndKnowsNoTransport() {
    noClasses().that().resideInAPackage("io.orkestr.control..")
        .should().dependOnClassesThat().resideInAnyPackage("io.orkestr.daemon..", "io.orkestr.cli..", "io.orkestr.app..",
            "io.orkestr.render..", "io.orkestr.docker.engine..", "io.orkestr.diff..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.orkestr.plan.Planner")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.orkestr.apply.Applier")
        .check(classes);
  }

  /** What target/orkestr-client.jar holds (see pom.xml): it must run on the JDK and itself alone. */
  static final java.util.List<String> CLIENT_JAR = java.util.List.of("io.orkestr.app.ClientMain", "io.orkestr.app.DaemonClient",
      "io.orkestr.app.Json", "io.orkestr.http.HttpLines", "io.orkestr.http.ChunkedInputStream", "io.orkestr.daemon.CliProtocol");

  @Test
  void theThinClientNeedsOnlyTheJdkAndTheClassesInItsJar() {
    DescribedPredicate<JavaClass> inClientJar = DescribedPredicate.describe("in the client jar",
        c -> CLIENT_JAR.contains(c.getName().replaceFirst("\\$.*", "")));
    classes().that(inClientJar)
        .should().onlyDependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("java..").or(inClientJar))
        .check(classes);
  }
}
