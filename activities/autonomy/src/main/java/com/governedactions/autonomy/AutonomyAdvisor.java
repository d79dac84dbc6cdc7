package com.governedactions.autonomy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.flipkart.zjsonpatch.JsonPatch;
import com.governedactions.policy.ActivePolicy;
import com.governedactions.policy.CompiledPolicy;
import com.governedactions.policy.PolicyAdministration;
import com.governedactions.policy.PolicyCompiler;
import com.governedactions.policy.PolicyDocument;
import com.governedactions.policy.PolicySimulator;
import com.governedactions.policy.PolicyVersion;
import com.governedactions.policy.SimulationReport;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * Earned autonomy: reads the evidence of every path, proposes where approval is no longer needed
 * and where an auto-allowed path should be tightened again, each with its policy patch and the
 * simulation of that patch over the same window. Nothing here changes the policy: {@link #propose}
 * submits a suggestion through {@link PolicyAdministration}, so validation and dual control apply.
 */
@Service
@EnableConfigurationProperties(AutonomyProperties.class)
public class AutonomyAdvisor {
  static final String NO_DATA = "no actions were created in this window%s: nothing to measure";
  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final int EXAMPLES = 3;

  private final AutonomyStatistics statistics;
  private final ActivePolicy activePolicy;
  private final PolicyCompiler compiler;
  private final PolicySimulator simulator;
  private final PolicyAdministration administration;
  private final AutonomyProperties properties;
  private final RegressionAlerts alerts;
  private final SuggestionCache cache = new SuggestionCache();

  AutonomyAdvisor(AutonomyStatistics statistics, ActivePolicy activePolicy, PolicyCompiler compiler,
      PolicySimulator simulator, PolicyAdministration administration, AutonomyProperties properties,
      RegressionAlerts alerts) {
    this.alerts = alerts;
    this.statistics = statistics;
    this.activePolicy = activePolicy;
    this.compiler = compiler;
    this.simulator = simulator;
    this.administration = administration;
    this.properties = properties;
  }

  /** The window a request that names none covers: the last this long. */
  public java.time.Duration defaultWindow() {
    return properties.window();
  }

  /** @param actionType one type, or null for all */
  public AutonomyReport report(String actionType, Instant from, Instant to) {
    CompiledPolicy active = activePolicy.current();
    AmountBands bands = AmountBands.of(active.document());
    List<PathStats> paths = statistics.paths(bands, actionType, from, to);
    List<Suggestion> suggestions = new ArrayList<>();
    List<Suggestion> regressions = new ArrayList<>();
    for (PathStats path : paths) {
      if (relaxable(path)) {
        JsonNode patch = PolicyPatches.relax(active.document(), path);
        if (!patch.isEmpty()) {
          suggestions.add(suggestion(Suggestion.Kind.RELAX, path, patch, active, from, to,
              "%s %s %s by %s need no approval (%d of %d approved, lower bound %.3f, no reversal or compensation)"
                  .formatted(path.actionType(), path.band(), path.currency(), path.actorId(), path.approved(),
                      path.decided(), path.approvalRateLowerBound())));
        }
      }
      String ruleId = "autonomy-tighten-" + hash(path.actor() + "|" + path.actionType() + "|" + path.bandIndex()
          + "|" + path.currency()).substring(0, 8);
      // A tightening already in the active policy is done: the window's old reversals still show,
      // but suggesting the same rule again would be a policy with a duplicate rule id.
      if (regressed(path) && !hasRule(active, ruleId)) {
        Suggestion tightening = suggestion(Suggestion.Kind.TIGHTEN, path, PolicyPatches.tighten(active.document(), path, ruleId),
            active, from, to,
            "%s %s %s by %s need approval again (%d of %d auto-allowed reversed or compensated, lower bound %.3f)"
                .formatted(path.actionType(), path.band(), path.currency(), path.actorId(),
                    path.autoReversedOrCompensated(), path.autoAllowed(), path.autoRegressionLowerBound()));
        regressions.add(tightening);
        // once per tightening: reading the same evidence again raises nothing new
        alerts.raise(tightening);
      }
    }
    String note = paths.isEmpty()
        ? NO_DATA.formatted(actionType == null ? "" : " for " + actionType)
        : null;
    return new AutonomyReport(from, to, actionType, active.version(), paths, suggestions, regressions, note);
  }

  /**
   * Submits suggestion {@code id} (from a report this process gave) as a new policy version.
   *
   * @return empty when no report here gave that id
   * @throws SuggestionOutdated when the active version is no longer the one it was made against
   */
  public Optional<PolicyVersion> propose(String id, String author) {
    Optional<Suggestion> found = cache.find(id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Suggestion suggestion = found.get();
    long active = activePolicy.current().version();
    if (active != suggestion.basedOnVersion()) {
      throw new SuggestionOutdated(
          "suggestion " + id + " patches policy version " + suggestion.basedOnVersion() + ", but version " + active
              + " is active now: read GET /api/v1/autonomy again");
    }
    String document = patched(administration.active().document(), suggestion.patch()).toString();
    return Optional.of(administration.submit(document, "json", author));
  }

  private boolean relaxable(PathStats path) {
    BigDecimal ceiling = properties.ceiling(path.actionType(), path.currency());
    return path.decided() >= properties.minDecisions()
        && path.approvalRateLowerBound() >= properties.minLowerBound()
        && path.reversedAfterApproval() == 0
        && path.compensated() == 0
        && path.bandUpper() != null
        && ceiling != null
        && path.bandUpper().compareTo(ceiling) <= 0;
  }

  private static boolean hasRule(CompiledPolicy policy, String ruleId) {
    List<PolicyDocument.Rule> rules = policy.document().rules();
    return rules != null && rules.stream().anyMatch(rule -> ruleId.equals(rule.id()));
  }

  private boolean regressed(PathStats path) {
    return path.autoAllowed() > 0 && path.autoReversedOrCompensated() > 0
        && path.autoRegressionLowerBound() >= properties.regressionThreshold();
  }

  private Suggestion suggestion(Suggestion.Kind kind, PathStats path, JsonNode patch, CompiledPolicy active,
      Instant from, Instant to, String summary) {
    PolicyVersion version = administration.version(active.version())
        .orElseThrow(() -> new IllegalStateException("active version " + active.version() + " vanished"));
    JsonNode document = patched(version.document(), patch);
    CompiledPolicy draft = compiler.compile(document.toString(), 0);
    SimulationReport simulation = simulator.simulate(draft, active, from, to, EXAMPLES);
    String id = hash(active.version() + "|" + kind + "|" + patch + "|" + from + "|" + to).substring(0, 16);
    Suggestion suggestion =
        new Suggestion(id, kind, summary, active.version(), patch, simulation, impact(simulation), path);
    cache.put(suggestion);
    return suggestion;
  }

  private Suggestion.Impact impact(SimulationReport simulation) {
    long saved = 0;
    Map<String, BigDecimal> money = new LinkedHashMap<>();
    for (SimulationReport.Transition t : simulation.transitions()) {
      if (t.from().equals("require_approval") && !t.to().equals("require_approval") && !t.to().equals("deny")) {
        saved += t.count();
        t.amounts().forEach((currency, amount) -> money.merge(currency, new BigDecimal(amount), BigDecimal::add));
      }
    }
    Map<String, String> moved = new LinkedHashMap<>();
    money.forEach((currency, amount) -> moved.put(currency, amount.toPlainString()));
    double hours = saved * properties.reviewTime().toSeconds() / 3600.0;
    return new Suggestion.Impact(simulation.changed(), moved, saved, hours);
  }

  static JsonNode patched(String document, JsonNode patch) {
    try {
      return JsonPatch.apply(patch, YAML.readTree(document));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the stored policy document is not readable: " + e.getOriginalMessage(), e);
    }
  }

  static String hash(String content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A suggestion whose policy version is no longer active. */
  public static final class SuggestionOutdated extends RuntimeException {
    SuggestionOutdated(String message) {
      super(message);
    }
  }
}
