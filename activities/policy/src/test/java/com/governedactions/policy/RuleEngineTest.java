package com.governedactions.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.ApprovalTier;
import com.governedactions.action.Customer;
import com.governedactions.action.Decision;
import com.governedactions.action.Effect;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
  static final Actor AI = new Actor(ActorType.AI, "support-bot", List.of());
  static final Actor AGENT = new Actor(ActorType.HUMAN, "sam", List.of("AGENT"));
  static final Actor SUPERVISOR = new Actor(ActorType.HUMAN, "alice", List.of("SUPERVISOR"));
  static final Customer CUSTOMER = new Customer("C-42", "vip", "otp");
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  /** History for tests that must not touch it: fails the test if a rule check asks. */
  static final HistoryAggregates NO_HISTORY_EXPECTED =
      (customer, action, since) -> {
        throw new AssertionError("history was queried although no candidate rule reads it");
      };

  private final ActionCatalog catalog = new ActionCatalog();
  private final PolicyCompiler compiler = new PolicyCompiler(catalog);

  static ActionRequest refund(String amount, Actor actor) {
    return new ActionRequest(
        "req-1", "refund", Map.of("orderId", "A-1001", "amount", amount, "currency", "USD", "reason", "damaged"),
        actor, CUSTOMER, "conv-81", "chat", "chat-backend");
  }

  static ActionRequest cancel(Actor actor) {
    return new ActionRequest(
        "req-2", "cancel_order", Map.of("orderId", "A-1001"), actor, CUSTOMER, "conv-81", "chat", "chat-backend");
  }

  static String defaultPolicy() throws IOException {
    try (InputStream in = RuleEngineTest.class.getClassLoader().getResourceAsStream(ActivePolicy.DEFAULT_POLICY)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Decision decide(String policyYaml, ActionRequest request) {
    return decide(policyYaml, request, NO_HISTORY_EXPECTED);
  }

  private Decision decide(String policyYaml, ActionRequest request, HistoryAggregates history) {
    return new RuleEngine(catalog, history).decide(compiler.compile(policyYaml, 7), "action-req-1", request, NOW);
  }

  @Test
  void given_an_allow_rule_when_it_matches_then_the_action_runs_without_a_human() {
    Decision decision = decide("""
        rules: [{id: small, when: action.type == "refund" && action.amount < 100.0, effect: allow}]
        """, refund("89.50", AI));
    assertThat(decision).isEqualTo(new Decision(Effect.ALLOW, 7, List.of("small"), null, false, null, null));
  }

  @Test
  void given_a_require_confirmation_rule_when_it_matches_then_the_customer_must_confirm() {
    Decision decision = decide("""
        rules: [{id: confirm, when: action.type == "refund", effect: require_confirmation, reason: customer says yes}]
        """, refund("20.00", AI));
    assertThat(decision).isEqualTo(
        new Decision(Effect.REQUIRE_CONFIRMATION, 7, List.of("confirm"), "customer says yes", true, null, null));
  }

  @Test
  void given_a_require_approval_rule_when_it_matches_then_its_approval_and_team_are_in_the_decision() {
    Decision decision = decide("""
        rules:
          - id: approve
            when: action.type == "refund"
            effect: require_approval
            team: billing
            approval:
              tiers: [{roles: [SUPERVISOR], sla: PT4H}]
              approvers: 2
              onTimeout: escalate
        """, refund("20.00", AI));
    assertThat(decision.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
    assertThat(decision.confirmationRequired()).isFalse();
    assertThat(decision.approval().tiers()).containsExactly(new ApprovalTier(List.of("SUPERVISOR"), Duration.ofHours(4)));
    assertThat(decision.approval().approvers()).isEqualTo(2);
    assertThat(decision.team()).isEqualTo("billing");
  }

  @Test
  void given_a_deny_rule_when_it_matches_then_its_reason_is_given_or_the_rule_is_named() {
    assertThat(decide("""
        rules: [{id: no, when: action.type == "refund", effect: deny, reason: refunds are paused}]
        """, refund("20.00", AI)))
        .isEqualTo(new Decision(Effect.DENY, 7, List.of("no"), "refunds are paused", false, null, null));
    assertThat(decide("""
        rules: [{id: no, when: action.type == "refund", effect: deny}]
        """, refund("20.00", AI)).reason())
        .isEqualTo("denied by rule 'no'");
  }

  @Test
  void given_an_escalate_rule_when_it_matches_then_the_case_goes_to_its_team() {
    assertThat(decide("""
        rules: [{id: vip, when: customer.segment == "vip", effect: escalate, team: vip-desk, reason: vip customer}]
        """, cancel(AI)))
        .isEqualTo(new Decision(Effect.ESCALATE, 7, List.of("vip"), "vip customer", false, null, "vip-desk"));
  }

  @Test
  void given_several_matching_rules_when_decided_then_the_strictest_wins_and_all_are_listed_in_policy_order() {
    Decision decision = decide("""
        rules:
          - {id: a-allow, when: action.type == "refund", effect: allow}
          - {id: b-confirm, when: action.type == "refund", effect: require_confirmation}
          - {id: c-deny, when: action.amount > 50.0, effect: deny, reason: too much}
          - {id: d-escalate, when: action.type == "refund", effect: escalate, team: billing}
          - {id: e-not-matching, when: action.amount > 1000.0, effect: allow}
        """, refund("89.50", AI));
    assertThat(decision).isEqualTo(new Decision(
        Effect.DENY, 7, List.of("a-allow", "b-confirm", "c-deny", "d-escalate"), "too much", false, null, null));
  }

  @Test
  void given_escalate_and_approval_both_match_when_decided_then_escalate_wins_without_confirmation_or_approval() {
    Decision decision = decide("""
        rules:
          - {id: confirm, when: action.type == "refund", effect: require_confirmation}
          - {id: approve, when: action.type == "refund", effect: require_approval, approval: {tiers: [{roles: [MANAGER], sla: PT1H}]}}
          - {id: escalate, when: action.type == "refund", effect: escalate, team: billing}
        """, refund("89.50", AI));
    assertThat(decision.effect()).isEqualTo(Effect.ESCALATE);
    assertThat(decision.confirmationRequired()).isFalse();
    assertThat(decision.approval()).isNull();
    assertThat(decision.team()).isEqualTo("billing");
    assertThat(decision.reason()).isEqualTo("handed to team billing by rule 'escalate'");
  }

  @Test
  void given_confirmation_and_approval_rules_match_when_decided_then_both_apply_with_the_first_approval() {
    Decision decision = decide("""
        rules:
          - {id: confirm, when: action.type == "refund", effect: require_confirmation}
          - {id: first, when: action.type == "refund", effect: require_approval, approval: {tiers: [{roles: [SUPERVISOR], sla: PT4H}]}}
          - {id: second, when: action.type == "refund", effect: require_approval, approval: {tiers: [{roles: [MANAGER], sla: PT8H}]}}
        """, refund("89.50", AI));
    assertThat(decision.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
    assertThat(decision.confirmationRequired()).isTrue();
    assertThat(decision.rules()).containsExactly("confirm", "first", "second");
    assertThat(decision.approval().tiers()).extracting(ApprovalTier::roles).containsExactly(List.of("SUPERVISOR"));
  }

  @Test
  void given_no_rule_matches_when_decided_then_the_action_is_denied() {
    assertThat(decide("""
        rules: [{id: refunds, when: action.type == "refund", effect: allow}]
        """, cancel(AI)))
        .isEqualTo(new Decision(
            Effect.DENY, 7, List.of(), "no rule allows action type 'cancel_order'", false, null, null));
  }

  @Test
  void given_an_ai_actor_not_permitted_when_decided_then_it_is_denied_naming_who_may_request() {
    Decision decision = decide("""
        rules: [{id: refunds, when: action.type == "refund", effect: allow}]
        permissions:
          refund: {request: [AGENT, SUPERVISOR], approve: [SUPERVISOR]}
        """, refund("20.00", AI));
    assertThat(decision).isEqualTo(new Decision(
        Effect.DENY, 7, List.of(),
        "an AI actor may not request 'refund'; it may be requested by: AGENT, SUPERVISOR", false, null, null));
  }

  @Test
  void given_a_human_without_a_permitted_role_when_decided_then_it_is_denied_and_with_one_it_passes() {
    String policy = """
        rules: [{id: refunds, when: action.type == "refund", effect: allow}]
        permissions:
          refund: {request: [ai, SUPERVISOR]}
        """;
    assertThat(decide(policy, refund("20.00", AGENT)).reason())
        .isEqualTo("a human with roles [AGENT] may not request 'refund'; it may be requested by: ai, SUPERVISOR");
    assertThat(decide(policy, refund("20.00", SUPERVISOR)).effect()).isEqualTo(Effect.ALLOW);
    assertThat(decide(policy, refund("20.00", AI)).effect()).isEqualTo(Effect.ALLOW);
  }

  @Test
  void given_human_as_an_actor_kind_when_decided_then_any_person_may_request_but_no_ai() {
    String policy = """
        rules: [{id: refunds, when: action.type == "refund", effect: allow}]
        permissions:
          refund: {request: [human]}
        """;
    assertThat(decide(policy, refund("20.00", AGENT)).effect()).isEqualTo(Effect.ALLOW);
    assertThat(decide(policy, refund("20.00", AI)).reason())
        .isEqualTo("an AI actor may not request 'refund'; it may be requested by: human");
  }

  @Test
  void given_an_approve_list_when_approval_is_required_then_the_requirement_carries_it_for_the_workflow() {
    String restricted = """
        rules:
          - id: approve
            when: action.type == "refund"
            effect: require_approval
            approval: {tiers: [{roles: [SUPERVISOR], sla: PT4H}]}
        permissions:
          refund: {request: [ai], approve: [SUPERVISOR, MANAGER]}
        """;
    String unrestricted = restricted.replace(", approve: [SUPERVISOR, MANAGER]", "");
    assertThat(decide(restricted, refund("20.00", AI)).approval().mayApprove()).containsExactly("SUPERVISOR", "MANAGER");
    assertThat(decide(unrestricted, refund("20.00", AI)).approval().mayApprove()).isNull();
  }

  @Test
  void given_invalid_params_when_decided_then_it_is_denied_with_the_problems() {
    assertThat(decide("""
        rules: [{id: refunds, when: action.type == "refund", effect: allow}]
        """, refund("89.505", AI)))
        .isEqualTo(new Decision(Effect.DENY, 7, List.of(),
            "invalid request: params.amount: must be a decimal string like \"89.50\" with at most 2 decimals",
            false, null, null));
  }

  @Test
  void given_a_request_without_an_actor_when_decided_then_it_is_denied_with_the_requests_own_problem() {
    assertThat(decide("""
        rules: [{id: refunds, when: action.type == "refund", effect: allow}]
        """, refund("89.50", null)))
        .isEqualTo(new Decision(Effect.DENY, 7, List.of(),
            "invalid request: actor: required: the request names no actor", false, null, null));
  }

  @Test
  void given_a_condition_that_fails_at_runtime_when_decided_then_it_is_denied_naming_the_rule() {
    Decision decision = decide("""
        rules:
          - {id: fine, when: action.type == "cancel_order", effect: allow}
          - {id: needs-reason, when: action.params.reason == "fraud", effect: deny}
        """, cancel(AI));
    assertThat(decision.effect()).isEqualTo(Effect.DENY);
    assertThat(decision.rules()).containsExactly("needs-reason");
    assertThat(decision.reason()).startsWith("rule 'needs-reason' could not be evaluated: ").contains("reason");
  }

  @Test
  void given_a_rule_over_every_context_variable_when_decided_then_each_reads_the_request() {
    ActionRequest request = new ActionRequest(
        "req-9", "apply_discount",
        Map.of("orderId", "A-7", "amount", "12.5", "currency", "EUR", "code", "SORRY"),
        new Actor(ActorType.HUMAN, "sam", List.of("AGENT", "TRAINER")),
        new Customer("C-7", "gold", "kyc"), "conv-9", "email", "sam");
    Decision decision = decide("""
        rules:
          - id: everything
            when: >-
              action.type == "apply_discount" && action.amount == 12.5 && action.currency == "EUR"
              && action.params.code == "SORRY" && action.params.orderId == "A-7"
              && actor.type == "human" && actor.id == "sam" && "TRAINER" in actor.roles
              && customer.id == "C-7" && customer.segment == "gold" && customer.verification == "kyc"
              && channel == "email" && history.customer.refunds30d.count == 0
            effect: allow
        """, request, (customer, action, since) -> RefundHistory.NONE);
    assertThat(decision.rules()).containsExactly("everything");
  }

  @Test
  void given_a_history_rule_when_decided_then_the_customer_s_last_30_days_are_read_excluding_this_action() {
    List<String> queries = new ArrayList<>();
    HistoryAggregates history = (customer, action, since) -> {
      queries.add(customer + "|" + action + "|" + since);
      return new RefundHistory(3, new BigDecimal("120.00"));
    };
    Decision decision = decide("""
        rules:
          - {id: repeat, when: action.type == "refund" && history.customer.refunds30d.count >= 3 && history.customer.refunds30d.sum > 100.0, effect: escalate, team: billing}
        """, refund("20.00", AI), history);
    assertThat(decision.effect()).isEqualTo(Effect.ESCALATE);
    assertThat(queries).containsExactly("C-42|action-req-1|2026-01-30T12:00:00Z");
  }

  @Test
  void given_history_rules_only_for_other_types_when_decided_then_history_is_not_queried() {
    Decision decision = decide("""
        rules:
          - {id: repeat, when: action.type == "refund" && history.customer.refunds30d.count >= 3, effect: escalate, team: billing}
          - {id: cancel, when: action.type == "cancel_order", effect: require_confirmation}
        """, cancel(AI));
    assertThat(decision.effect()).isEqualTo(Effect.REQUIRE_CONFIRMATION);
  }

  @Test
  void given_the_default_policy_when_the_spec_s_example_refunds_are_decided_then_each_gets_its_effect() throws IOException {
    HistoryAggregates noRefundsYet = (customer, action, since) -> RefundHistory.NONE;

    Decision medium = decide(defaultPolicy(), refund("89.50", AI), noRefundsYet);
    assertThat(medium.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
    assertThat(medium.confirmationRequired()).isTrue();
    assertThat(medium.rules()).containsExactly("refund-medium-confirm", "refund-medium-approval");
    assertThat(medium.approval().tiers()).containsExactly(
        new ApprovalTier(List.of("SUPERVISOR"), Duration.ofHours(4)),
        new ApprovalTier(List.of("MANAGER"), Duration.ofHours(8)));

    Decision small = decide(defaultPolicy(), refund("20", AI), noRefundsYet);
    assertThat(small.effect()).isEqualTo(Effect.REQUIRE_CONFIRMATION);
    assertThat(small.rules()).containsExactly("refund-small");

    Decision large = decide(defaultPolicy(), refund("900.00", AI), noRefundsYet);
    assertThat(large.effect()).isEqualTo(Effect.DENY);
    assertThat(large.reason()).isEqualTo("refunds over 500 need a case with billing");
  }

  @Test
  void given_the_default_policy_when_auto_fired_paths_and_repeat_refunds_are_decided_then_they_behave_as_documented()
      throws IOException {
    HistoryAggregates noRefundsYet = (customer, action, since) -> RefundHistory.NONE;
    HistoryAggregates threeRefunds = (customer, action, since) -> new RefundHistory(3, new BigDecimal("60"));

    assertThat(decide(defaultPolicy(), refund("20.00", SUPERVISOR), noRefundsYet).effect()).isEqualTo(Effect.ALLOW);
    assertThat(decide(defaultPolicy(), new ActionRequest("r", "apply_discount",
            Map.of("orderId", "A-1", "amount", "10.00", "currency", "USD"), AI, CUSTOMER, "c", "chat", "chat-backend"))
        .effect()).isEqualTo(Effect.ALLOW);
    Decision repeat = decide(defaultPolicy(), refund("20.00", AI), threeRefunds);
    assertThat(repeat.effect()).isEqualTo(Effect.ESCALATE);
    assertThat(repeat.team()).isEqualTo("billing");
  }
}
