package com.governedactions.slack;

import com.governedactions.action.ActionState;
import com.governedactions.policy.ActionCatalog;
import com.governedactions.policy.ActionTexts;
import com.governedactions.policy.ActivePolicy;
import com.governedactions.policy.CompiledPolicy;
import com.governedactions.policy.PolicyDocument;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What an approver needs to read about an action: the action in words and the rule that asked. */
class ApprovalFacts {
  private static final String REQUIRE_APPROVAL = "require_approval";

  private final ActionCatalog catalog;
  private final ActivePolicy policy;

  ApprovalFacts(ActionCatalog catalog, ActivePolicy policy) {
    this.catalog = catalog;
    this.policy = policy;
  }

  String what(ActionState state) {
    if (state.confirmation() != null && state.confirmation().text() != null) {
      String question = state.confirmation().text();
      return question.endsWith("?") ? question.substring(0, question.length() - 1) : question;
    }
    return ActionTexts.readable(catalog, state.type(), state.params()).orElse(state.type() + " " + state.params());
  }

  /**
   * The matched rules whose effect is require_approval, looked up in the policy that decided; all
   * matched rules when that version is no longer the active one.
   */
  List<String> rules(ActionState state) {
    if (state.decision() == null) {
      return List.of();
    }
    List<String> matched = state.decision().rules();
    CompiledPolicy current = policy.current();
    if (current.version() != state.decision().policyVersion() || current.document() == null) {
      return matched;
    }
    Set<String> approvalRules = current.document().rules().stream()
        .filter(rule -> REQUIRE_APPROVAL.equals(rule.effect()))
        .map(PolicyDocument.Rule::id)
        .collect(Collectors.toSet());
    List<String> asking = matched.stream().filter(approvalRules::contains).toList();
    return asking.isEmpty() ? matched : asking;
  }
}
