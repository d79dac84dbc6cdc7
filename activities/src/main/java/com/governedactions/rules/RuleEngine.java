package com.governedactions.rules;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ApprovalRequirement;
import com.governedactions.action.Decision;
import com.governedactions.action.Effect;
import dev.cel.runtime.CelEvaluationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Decides what a request needs under a policy (spec section 3): every matching rule counts, the
 * strictest effect wins, and confirmation and approval can both apply. Fails closed: a request it
 * cannot judge — invalid, not permitted, matched by no rule, or a condition that fails — is denied.
 */
@Component
public class RuleEngine {
  static final Duration HISTORY_WINDOW = HistoryAggregates.MONTH;

  private final ActionCatalog catalog;
  private final HistoryAggregates history;
  private final List<String> typeNames;
  // Most rule checks read no history: one shared all-zero view instead of one per request.
  private final Object noHistory;

  public RuleEngine(ActionCatalog catalog, HistoryAggregates history) {
    this.catalog = catalog;
    this.history = history;
    this.typeNames = catalog.all().stream().map(ActionType::name).toList();
    this.noHistory = RuleContext.history(HistorySnapshot.EMPTY, typeNames);
  }

  /**
   * @param actionId the action being decided, left out of its own history
   * @param asOf the end of the history window
   */
  public Decision decide(CompiledPolicy policy, String actionId, ActionRequest request, Instant asOf) {
    return decideEach(List.of(policy), actionId, request, asOf).get(0);
  }

  /**
   * Decides one request under each of {@code policies}, validating it, reading its history and
   * building its context once for all of them: what a replay comparing two policies needs.
   */
  List<Decision> decideEach(List<CompiledPolicy> policies, String actionId, ActionRequest request, Instant asOf) {
    if (request.actor() == null || request.actor().type() == null) {
      return policies.stream().map(p -> deny(p, List.of(), "the request names no actor")).toList();
    }
    List<String> problems = catalog.validate(request.type(), request.params());
    if (!problems.isEmpty()) {
      return policies.stream()
          .map(p -> deny(p, List.of(), "invalid request: " + String.join("; ", problems)))
          .toList();
    }
    ActionType type = catalog.find(request.type()).orElseThrow();
    Decision[] decisions = new Decision[policies.size()];
    Set<HistoryScope> scopes = EnumSet.noneOf(HistoryScope.class);
    boolean anyPermitted = false;
    for (int i = 0; i < decisions.length; i++) {
      String refusal = permissionRefusal(policies.get(i), request);
      if (refusal != null) {
        decisions[i] = deny(policies.get(i), List.of(), refusal);
      } else {
        anyPermitted = true;
        policies.get(i).rulesFor(type.name()).forEach(rule -> scopes.addAll(rule.history()));
      }
    }
    if (anyPermitted) {
      Map<String, Object> activation =
          RuleContext.activation(
              request,
              ActionParams.amount(type, request.params()),
              ActionParams.currency(type, request.params()),
              history(scopes, actionId, request, asOf));
      for (int i = 0; i < decisions.length; i++) {
        if (decisions[i] == null) {
          decisions[i] = evaluate(policies.get(i), type, activation);
        }
      }
    }
    return Arrays.asList(decisions);
  }

  private static Decision evaluate(CompiledPolicy policy, ActionType type, Map<String, Object> activation) {
    List<CompiledRule> matched = new ArrayList<>();
    for (CompiledRule rule : policy.rulesFor(type.name())) {
      try {
        if (rule.matches(activation)) {
          matched.add(rule);
        }
      } catch (CelEvaluationException e) {
        // Skipping the rule could skip a deny: refuse instead, and say which rule broke.
        return deny(policy, List.of(rule.id()), "rule '" + rule.id() + "' could not be evaluated: " + e.getMessage());
      }
    }
    if (matched.isEmpty()) {
      return deny(policy, List.of(), "no rule allows action type '" + type.name() + "'");
    }
    return combine(policy, type.name(), matched);
  }

  private Object history(Set<HistoryScope> scopes, String actionId, ActionRequest request, Instant asOf) {
    if (scopes.isEmpty()) {
      return noHistory;
    }
    Object orderId = request.params().get("orderId");
    HistoryQuery query =
        new HistoryQuery(
            actionId,
            request.customer() == null ? null : request.customer().id(),
            request.actor().type().json(),
            request.actor().id(),
            orderId instanceof String id ? id : null,
            asOf);
    HistorySnapshot snapshot = history.snapshot(query, scopes);
    return snapshot.equals(HistorySnapshot.EMPTY) ? noHistory : RuleContext.history(snapshot, typeNames);
  }

  private static String permissionRefusal(CompiledPolicy policy, ActionRequest request) {
    return policy
        .permission(request.type())
        .map(permission -> permission.request() == null ? List.<String>of() : permission.request())
        .filter(allowed -> !mayRequest(allowed, request))
        .map(
            allowed ->
                (request.actor().isAi()
                        ? "an AI actor may not request '" + request.type() + "'"
                        : "a human with roles " + request.actor().roles() + " may not request '" + request.type() + "'")
                    + (allowed.isEmpty() ? "; nobody may" : "; it may be requested by: " + String.join(", ", allowed)))
        .orElse(null);
  }

  private static boolean mayRequest(List<String> allowed, ActionRequest request) {
    return request.actor().isAi()
        ? allowed.contains("ai")
        : allowed.contains("human") || request.actor().roles().stream().anyMatch(allowed::contains);
  }

  private static Decision combine(CompiledPolicy policy, String type, List<CompiledRule> matched) {
    Effect effect = matched.stream().map(CompiledRule::effect).reduce(Effect.ALLOW, Effect::strictest);
    CompiledRule deciding = matched.stream().filter(r -> r.effect() == effect).findFirst().orElseThrow();
    boolean confirmation =
        effect != Effect.DENY
            && effect != Effect.ESCALATE
            && matched.stream().anyMatch(r -> r.effect() == Effect.REQUIRE_CONFIRMATION);
    ApprovalRequirement approval = effect == Effect.REQUIRE_APPROVAL ? deciding.approval() : null;
    // The permission map's approve list travels with the requirement, so the workflow enforces it.
    List<String> mayApprove =
        policy.permission(type).map(PolicyDocument.Permission::approve).orElse(null);
    if (approval != null && mayApprove != null) {
      approval = approval.restrictedTo(mayApprove);
    }
    String team = effect == Effect.ESCALATE || effect == Effect.REQUIRE_APPROVAL ? deciding.team() : null;
    String reason = deciding.reason();
    if (reason == null && effect == Effect.DENY) {
      reason = "denied by rule '" + deciding.id() + "'";
    } else if (reason == null && effect == Effect.ESCALATE) {
      reason = "handed to team " + team + " by rule '" + deciding.id() + "'";
    }
    return new Decision(
        effect, policy.version(), matched.stream().map(CompiledRule::id).toList(), reason, confirmation, approval, team);
  }

  private static Decision deny(CompiledPolicy policy, List<String> rules, String reason) {
    return new Decision(Effect.DENY, policy.version(), rules, reason, false, null, null);
  }
}
