package com.governedactions.rules;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ApprovalRequirement;
import com.governedactions.action.Decision;
import com.governedactions.action.Effect;
import dev.cel.runtime.CelEvaluationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
  static final Duration HISTORY_WINDOW = Duration.ofDays(30);

  private final ActionCatalog catalog;
  private final HistoryAggregates history;

  public RuleEngine(ActionCatalog catalog, HistoryAggregates history) {
    this.catalog = catalog;
    this.history = history;
  }

  /**
   * @param actionId the action being decided, left out of its own history
   * @param asOf the end of the history window
   */
  public Decision decide(CompiledPolicy policy, String actionId, ActionRequest request, Instant asOf) {
    if (request.actor() == null || request.actor().type() == null) {
      return deny(policy, List.of(), "the request names no actor");
    }
    List<String> problems = catalog.validate(request.type(), request.params());
    if (!problems.isEmpty()) {
      return deny(policy, List.of(), "invalid request: " + String.join("; ", problems));
    }
    ActionType type = catalog.find(request.type()).orElseThrow();
    String refusal = permissionRefusal(policy, request);
    if (refusal != null) {
      return deny(policy, List.of(), refusal);
    }

    List<CompiledRule> candidates = policy.rulesFor(type.name());
    Map<String, Object> activation =
        RuleContext.activation(
            request,
            ActionParams.amount(type, request.params()),
            ActionParams.currency(type, request.params()),
            refunds(candidates, actionId, request, asOf));
    List<CompiledRule> matched = new ArrayList<>();
    for (CompiledRule rule : candidates) {
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

  private RefundHistory refunds(List<CompiledRule> candidates, String actionId, ActionRequest request, Instant asOf) {
    String customerId = request.customer() == null ? null : request.customer().id();
    if (customerId == null || customerId.isBlank() || candidates.stream().noneMatch(CompiledRule::readsHistory)) {
      return RefundHistory.NONE;
    }
    return history.refundsSince(customerId, actionId, asOf.minus(HISTORY_WINDOW));
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
