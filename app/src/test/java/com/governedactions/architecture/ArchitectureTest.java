package com.governedactions.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The shape the README's code map describes, kept by the build: one-way dependencies between
 * packages, a workflow module that needs nothing but the Temporal SDK, connectors that know nothing
 * of the audit trail, and a REST layer that reaches each feature only through the classes the
 * feature offers for it. Main code only; tests may reach further.
 */
@AnalyzeClasses(packages = "com.governedactions", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** What the REST layer may use of the feature modules; anything else there is internal. */
  static final Set<String> ENTRY_POINTS = Set.of(
      "com.governedactions.audit.ActionListFilter",
      "com.governedactions.audit.ActionListPage",
      "com.governedactions.audit.ActionListRepository",
      "com.governedactions.audit.ApprovalClaim",
      "com.governedactions.audit.ApprovalClaimRepository",
      "com.governedactions.audit.ApprovalQueuePage",
      "com.governedactions.audit.ApprovalQueueRepository",
      "com.governedactions.audit.DeadlineQuery",
      "com.governedactions.audit.QueuedApproval",
      "com.governedactions.audit.AuditCsvExporter",
      "com.governedactions.audit.AuditPage",
      "com.governedactions.audit.AuditQuery",
      "com.governedactions.audit.AuditRecord",
      "com.governedactions.audit.AuditSearchRepository",
      "com.governedactions.audit.AuditVerification",
      "com.governedactions.audit.AuditVerifier",
      "com.governedactions.audit.Overview",
      "com.governedactions.audit.OverviewRepository",
      "com.governedactions.audit.ClaimResult",
      "com.governedactions.audit.PendingApproval",
      "com.governedactions.audit.ActionListItem",
      "com.governedactions.audit.alert.Alert",
      "com.governedactions.audit.alert.AlertKind",
      "com.governedactions.audit.alert.AlertPage",
      "com.governedactions.audit.alert.AlertStore",
      "com.governedactions.autonomy.AutonomyAdvisor",
      "com.governedactions.autonomy.AutonomyReport",
      "com.governedactions.autonomy.PathStats",
      "com.governedactions.autonomy.Suggestion",
      "com.governedactions.directory.DevMode",
      "com.governedactions.directory.PrincipalDirectory",
      "com.governedactions.observability.ActionMdc",
      "com.governedactions.policy.ActionCatalog",
      "com.governedactions.policy.ActionParam",
      "com.governedactions.policy.ActionTexts",
      "com.governedactions.policy.ActionType",
      "com.governedactions.policy.ActivePolicy",
      "com.governedactions.policy.CompiledPolicy",
      "com.governedactions.policy.ControlCharacters",
      "com.governedactions.policy.ParamKind",
      "com.governedactions.policy.PolicyAdministration",
      "com.governedactions.policy.PolicyChangeRefused",
      "com.governedactions.policy.PolicyCompiler",
      "com.governedactions.policy.PolicyDocument",
      "com.governedactions.policy.PolicyProblem",
      "com.governedactions.policy.PolicySimulator",
      "com.governedactions.policy.PolicyValidationException",
      "com.governedactions.policy.PolicyVersion",
      "com.governedactions.policy.RiskTier",
      "com.governedactions.policy.SimulationReport",
      "com.governedactions.reversal.Reversals");

  static final String[] FEATURES = {
    "com.governedactions.audit..",
    "com.governedactions.policy..",
    "com.governedactions.connector..",
    "com.governedactions.reversal..",
    "com.governedactions.autonomy..",
    "com.governedactions.directory..",
    "com.governedactions.observability.."
  };

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("com.governedactions.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule workflowsNeedOnlyTheTemporalSdk =
      classes().that().resideInAPackage("com.governedactions.action..")
          .should().onlyDependOnClassesThat().resideInAnyPackage(
              "com.governedactions.action..", "java..", "io.temporal..",
              // both come with the SDK: Workflow.getLogger, and Jackson, the SDK's own payload
              // converter, which also gives the canonical JSON that approvals are bound to
              "org.slf4j..", "com.fasterxml.jackson..");

  @ArchTest
  static final ArchRule connectorsKnowNothingOfTheAuditTrail =
      noClasses().that().resideInAPackage("com.governedactions.connector..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "com.governedactions.audit..", "com.governedactions.reversal..");

  @ArchTest
  static final ArchRule featuresDoNotReachUp =
      noClasses().that().resideInAnyPackage(FEATURES)
          .should().dependOnClassesThat().resideInAnyPackage(
              "com.governedactions.api..", "com.governedactions.worker..",
              "com.governedactions.slack..", "com.governedactions.samplestore..");

  @ArchTest
  static final ArchRule nothingCompilesAgainstTheSampleStore =
      noClasses().that().resideOutsideOfPackage("com.governedactions.samplestore..")
          .should().dependOnClassesThat().resideInAPackage("com.governedactions.samplestore..");

  @ArchTest
  static final ArchRule restReachesFeaturesOnlyThroughTheirEntryPoints =
      noClasses().that().resideInAPackage("com.governedactions.api..")
          .should().dependOnClassesThat(internalToAFeature());

  private static DescribedPredicate<JavaClass> internalToAFeature() {
    return DescribedPredicate.describe(
        "are internal to a feature module (not in ArchitectureTest.ENTRY_POINTS)",
        type -> {
          JavaClass top = type.isNestedClass() ? type.getEnclosingClass().orElse(type) : type;
          return isFeature(top.getPackageName()) && !ENTRY_POINTS.contains(top.getName());
        });
  }

  private static boolean isFeature(String pkg) {
    for (String feature : FEATURES) {
      String root = feature.substring(0, feature.length() - 2);
      if (pkg.equals(root) || pkg.startsWith(root + ".")) {
        return true;
      }
    }
    return false;
  }
}
