package com.governedactions.action;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Workflow code runs again on every replay, so it must take time, randomness and logging from
 * {@code Workflow}, never from the JVM. The replay test only catches what the recorded paths
 * exercise; this catches the call wherever it is.
 */
@AnalyzeClasses(packages = "com.governedactions.action", importOptions = ImportOption.DoNotIncludeTests.class)
class WorkflowDeterminismTest {

  @ArchTest
  static final ArchRule given_workflowCode_then_noWallClock =
      noClasses()
          .should().callMethod(System.class, "currentTimeMillis")
          .orShould().callMethod(System.class, "nanoTime")
          .orShould().callMethod(java.time.Instant.class, "now")
          .orShould().callMethod(java.time.LocalDateTime.class, "now")
          .orShould().callMethod(java.time.OffsetDateTime.class, "now")
          .orShould().callMethod(java.time.ZonedDateTime.class, "now")
          .orShould().callMethod(java.time.Clock.class, "systemUTC")
          .because("workflow time comes from Workflow.currentTimeMillis(), which replays identically");

  @ArchTest
  static final ArchRule given_workflowCode_then_noRandomnessOrSleeping =
      noClasses()
          .should().callMethod(java.util.UUID.class, "randomUUID")
          .orShould().dependOnClassesThat().areAssignableTo(java.util.Random.class)
          .orShould().callMethod(Thread.class, "sleep", long.class)
          .orShould().callMethod(Math.class, "random")
          .because("use Workflow.randomUUID(), Workflow.newRandom() and Workflow.sleep()");

  @ArchTest
  static final ArchRule given_workflowCode_then_noJvmLoggersOrThreads =
      noClasses()
          .should().callMethod(org.slf4j.LoggerFactory.class, "getLogger", Class.class)
          .orShould().callMethod(org.slf4j.LoggerFactory.class, "getLogger", String.class)
          .orShould().callConstructor(Thread.class, Runnable.class)
          .because("Workflow.getLogger() is replay-aware and workflow threads belong to the SDK");
}
