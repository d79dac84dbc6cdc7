package com.governedactions.policy;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ApprovalRequirement;
import com.governedactions.action.Decision;
import com.governedactions.action.Effect;
import dev.cel.common.values.MutableMapValue;
import dev.cel.runtime.CelEvaluationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private final MutableMapValue zeroByType;
  // Most rule checks read no history: one shared all-zero view instead of one per request.
  private final Object noHistory;

  public RuleEngine(ActionCatalog catalog, HistoryAggregates history) {
    this.catalog = catalog;
    this.history = history;
    this.zeroByType = RuleContext.zeroByType(catalog.all().stream().map(ActionType::name).toList());
    this.noHistory = RuleContext.history(HistorySnapshot.EMPTY, zeroByType);
  }

  /**
   * @param actionId the action being decided, left out of its own history
   * @param asOf the end of the history window
   */
  public Decision decide(CompiledPolicy policy, String actionId, ActionRequest request, Instant asOf) {
    // The one-policy case of decideEach without its lists: this is the per-request hot path.
    String invalid = invalidity(request);
    if (invalid != null) {
      return deny(policy, List.of(), invalid);
    }
    String refusal = permissionRefusal(policy, request);
    if (refusal != null) {
      return deny(policy, List.of(), refusal);
    }
    ActionType type = catalog.find(request.type()).orElseThrow();
    return evaluate(policy, type, activation(type, policy.historyFor(type.name()), actionId, request, asOf));
  }

  /**
   * Decides one request under each of {@code policies}, validating it, reading its history and
   * building its context once for all of them: what a replay comparing two policies needs.
   */
  List<Decision> decideEach(List<CompiledPolicy> policies, String actionId, ActionRequest request, Instant asOf) {
    Decision[] decisions = new Decision[policies.size()];
    String invalid = invalidity(request);
    if (invalid != null) {
      for (int i = 0; i < decisions.length; i++) {
        decisions[i] = deny(policies.get(i), List.of(), invalid);
      }
      return Arrays.asList(decisions);
    }
    ActionType type = catalog.find(request.type()).orElseThrow();
    Set<HistoryScope> scopes = EnumSet.noneOf(HistoryScope.class);
    boolean anyPermitted = false;
    for (int i = 0; i < decisions.length; i++) {
      String refusal = permissionRefusal(policies.get(i), request);
      if (refusal != null) {
        decisions[i] = deny(policies.get(i), List.of(), refusal);
      } else {
        anyPermitted = true;
        scopes.addAll(policies.get(i).historyFor(type.name()));
      }
    }
    if (anyPermitted) {
      RuleContext.Activation activation = activation(type, scopes, actionId, request, asOf);
      for (int i = 0; i < decisions.length; i++) {
        if (decisions[i] == null) {
          decisions[i] = evaluate(policies.get(i), type, activation);
        }
      }
    }
    return Arrays.asList(decisions);
  }

  /**
   * Why a request cannot be judged at all, or null when it can: the request's own check, then the
   * catalog's, the same two the REST API runs before it starts an action. Here for requests started
   * directly through Temporal, which nothing checked before.
   */
  private String invalidity(ActionRequest request) {
    List<String> problems = request.problems();
    if (problems.isEmpty()) {
      problems = catalog.validate(request.type(), request.params());
    }
    return problems.isEmpty() ? null : "invalid request: " + String.join("; ", problems);
  }

  private RuleContext.Activation activation(
      ActionType type, Set<HistoryScope> scopes, String actionId, ActionRequest request, Instant asOf) {
    return RuleContext.activation(
        request,
        ActionParams.amount(type, request.params()),
        ActionParams.currency(type, request.params()),
        history(scopes, actionId, request, asOf));
  }

  private static Decision evaluate(CompiledPolicy policy, ActionType type, RuleContext.Activation activation) {
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
    return snapshot.equals(HistorySnapshot.EMPTY) ? noHistory : RuleContext.history(snapshot, zeroByType);
  }

  private static String permissionRefusal(CompiledPolicy policy, ActionRequest request) {
    PolicyDocument.Permission permission = policy.permission(request.type()).orElse(null);
    if (permission == null) {
      return null;
    }
    List<String> allowed = permission.request() == null ? List.of() : permission.request();
    if (mayRequest(allowed, request)) {
      return null;
    }
    return (request.actor().isAi()
            ? "an AI actor may not request '" + request.type() + "'"
            : "a human with roles " + request.actor().roles() + " may not request '" + request.type() + "'")
        + (allowed.isEmpty() ? "; nobody may" : "; it may be requested by: " + String.join(", ", allowed));
  }

  private static boolean mayRequest(List<String> allowed, ActionRequest request) {
    return request.actor().isAi()
        ? allowed.contains("ai")
        : allowed.contains("human") || request.actor().roles().stream().anyMatch(allowed::contains);
  }

  private static Decision combine(CompiledPolicy policy, String type, List<CompiledRule> matched) {
    Effect effect = Effect.ALLOW;
    boolean confirmationMatched = false;
    for (CompiledRule rule : matched) {
      effect = Effect.strictest(effect, rule.effect());
      confirmationMatched |= rule.effect() == Effect.REQUIRE_CONFIRMATION;
    }
    // The first matched rule with the winning effect decides (policy order).
    CompiledRule deciding = null;
    for (CompiledRule rule : matched) {
      if (rule.effect() == effect) {
        deciding = rule;
        break;
      }
    }
    boolean confirmation = effect != Effect.DENY && effect != Effect.ESCALATE && confirmationMatched;
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
        effect, policy.version(), ids(matched), reason, confirmation, approval, team);
  }

  private static List<String> ids(List<CompiledRule> rules) {
    String[] ids = new String[rules.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rules.get(i).id();
    }
    return List.of(ids);
  }

  private static Decision deny(CompiledPolicy policy, List<String> rules, String reason) {
    return new Decision(Effect.DENY, policy.version(), rules, reason, false, null, null);
  }
}
