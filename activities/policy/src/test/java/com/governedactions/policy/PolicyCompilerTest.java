package com.governedactions.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.governedactions.action.ApprovalTier;
import com.governedactions.action.TimeoutOutcome;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class PolicyCompilerTest {
  private final PolicyCompiler compiler = new PolicyCompiler(new ActionCatalog());

  private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String yaml) {
    return assertThatThrownBy(() -> compiler.compile(yaml, 1)).isInstanceOf(PolicyValidationException.class);
  }

  private static List<String> problems(Throwable e) {
    return ((PolicyValidationException) e).problems();
  }

  @Test
  void given_a_misspelled_field_when_loaded_then_it_fails_with_rule_id_and_position() {
    assertRefused("""
        rules:
          - id: refund-small
            when: action.type == "refund" && action.amout <= 50.0
            effect: require_confirmation
        """)
        .hasMessageContaining("rule 'refund-small': when 1:34: undefined field 'amout'");
  }

  @Test
  void given_control_characters_in_a_rules_texts_when_loaded_then_each_is_refused_by_name() {
    assertRefused("""
        {"rules": [{"id": "refund-\\u0000small", "when": "true", "effect": "deny", "reason": "no\\u001Bway"}]}
        """)
        .satisfies(e -> assertThat(problems(e)).hasSize(2)
            .anySatisfy(p -> assertThat(p).asString().contains(": id " + ControlCharacters.RULE))
            .anySatisfy(p -> assertThat(p).asString().contains(": reason " + ControlCharacters.RULE)));
  }

  @Test
  void given_a_cel_syntax_error_on_the_second_line_when_loaded_then_line_and_column_are_inside_the_condition() {
    assertRefused("""
        rules:
          - id: broken
            when: |
              action.type == "refund" &&
                action.amount >
            effect: allow
        """)
        .satisfies(e -> assertThat(problems(e)).singleElement().asString().startsWith("rule 'broken': when 3:1: "));
  }

  @Test
  void given_a_type_error_when_loaded_then_it_names_the_rule_and_the_mismatch() {
    assertRefused("""
        rules:
          - id: wrong-types
            when: action.amount > "50"
            effect: allow
        """)
        .satisfies(e -> assertThat(problems(e)).singleElement().asString()
            .startsWith("rule 'wrong-types': when 1:15: found no matching overload for '_>_'"));
  }

  @Test
  void given_a_condition_that_is_not_boolean_when_loaded_then_its_type_is_named() {
    assertRefused("""
        rules:
          - id: amount-only
            when: action.amount
            effect: allow
          - id: dyn-param
            when: action.params.vip
            effect: allow
        """)
        .satisfies(e -> assertThat(problems(e)).containsExactly(
            "rule 'amount-only': when must be a boolean condition, but its type is double",
            "rule 'dyn-param': when must be a boolean condition, but its type is dyn"
                + " (compare the value, e.g. action.params.x == true)"));
  }

  @Test
  void given_an_unknown_effect_when_loaded_then_the_valid_effects_are_listed() {
    assertRefused("""
        rules:
          - id: r1
            when: action.type == "refund"
            effect: aprove
        """)
        .hasMessageContaining(
            "rule 'r1': unknown effect 'aprove'; use one of allow, require_confirmation, require_approval, escalate, deny");
  }

  @Test
  void given_require_approval_without_tiers_when_loaded_then_it_is_refused() {
    assertRefused("""
        rules:
          - id: no-tiers
            when: action.type == "refund"
            effect: require_approval
          - id: empty-tiers
            when: action.type == "refund"
            effect: require_approval
            approval: {tiers: []}
        """)
        .satisfies(e -> assertThat(problems(e)).hasSize(2).allSatisfy(p -> assertThat(p)
            .contains("require_approval needs approval.tiers with at least one tier")));
  }

  @Test
  void given_a_malformed_sla_and_a_tier_without_roles_when_loaded_then_both_are_reported() {
    assertRefused("""
        rules:
          - id: medium
            when: action.type == "refund"
            effect: require_approval
            approval:
              tiers:
                - {roles: [SUPERVISOR], sla: 4 hours}
                - {roles: [], sla: PT8H}
        """)
        .satisfies(e -> assertThat(problems(e)).containsExactly(
            "rule 'medium': approval.tiers[0].sla '4 hours' is not an ISO-8601 duration like PT4H or P1D",
            "rule 'medium': approval.tiers[1] has no roles; name at least one role that may approve"));
  }

  @Test
  void given_duplicate_rule_ids_when_loaded_then_both_positions_are_named() {
    assertRefused("""
        rules:
          - {id: twice, when: action.type == "refund", effect: allow}
          - {id: once, when: action.type == "refund", effect: allow}
          - {id: twice, when: action.type == "cancel_order", effect: allow}
        """)
        .satisfies(e -> assertThat(problems(e))
            .containsExactly("rule 'twice': duplicate rule id (rules[0] and rules[2])"));
  }

  @Test
  void given_an_unknown_key_when_loaded_then_its_path_and_the_allowed_keys_are_named() {
    assertRefused("""
        rules:
          - id: r1
            whenn: action.type == "refund"
            effect: allow
        """)
        .hasMessageContaining("rules[0]: unknown key 'whenn'; allowed keys: ")
        .hasMessageContaining("when");
  }

  @Test
  void given_several_broken_rules_when_loaded_then_one_exception_lists_every_problem() {
    assertRefused("""
        rules:
          - {id: a, when: action.amout > 1.0, effect: allow}
          - {id: b, when: action.type == "refund", effect: maybe}
          - {id: c, when: action.type == "refund", effect: escalate}
        permissions:
          refnd: {request: [ai]}
        """)
        .hasMessageStartingWith("policy refused, 4 problems:")
        .satisfies(e -> assertThat(problems(e)).containsExactly(
            "rule 'a': when 1:7: undefined field 'amout'",
            "rule 'b': unknown effect 'maybe'; use one of allow, require_confirmation, require_approval, escalate, deny",
            "rule 'c': escalate needs a team to hand the case to",
            "permissions.refnd: unknown action type; known types: refund, cancel_order, update_address, apply_discount, escalate, log_ticket, reversal"));
  }

  @Test
  void given_a_condition_pinned_to_an_unknown_action_type_when_loaded_then_it_is_refused() {
    assertRefused("""
        rules:
          - {id: typo, when: action.type == "refnd" && action.amount < 5.0, effect: allow}
        """)
        .hasMessageContaining("rule 'typo': when requires action.type == \"refnd\", which is not an action type");
  }

  @Test
  void given_a_valid_approval_rule_when_loaded_then_tiers_sla_and_defaults_are_compiled() {
    CompiledPolicy policy = compiler.compile("""
        rules:
          - id: medium
            when: action.type == "refund" && history.customer.refunds30d.sum > 100.0
            effect: require_approval
            approval:
              tiers: [{roles: [SUPERVISOR], sla: PT4H}, {roles: [MANAGER], sla: P1D}]
        """, 3);
    CompiledRule rule = policy.rulesFor("refund").get(0);
    assertThat(policy.version()).isEqualTo(3);
    assertThat(rule.approval().tiers()).containsExactly(
        new ApprovalTier(List.of("SUPERVISOR"), Duration.ofHours(4)),
        new ApprovalTier(List.of("MANAGER"), Duration.ofDays(1)));
    assertThat(rule.approval().approvers()).isEqualTo(1);
    assertThat(rule.approval().onTimeout()).isEqualTo(TimeoutOutcome.EXPIRE);
    assertThat(rule.readsHistory()).isTrue();
    assertThat(rule.pinnedType()).isEqualTo("refund");
  }

  @Test
  void given_pinned_and_unpinned_rules_when_indexed_then_each_type_gets_its_own_and_the_unpinned_in_order() {
    CompiledPolicy policy = compiler.compile("""
        rules:
          - {id: any-vip, when: customer.segment == "vip", effect: require_confirmation}
          - {id: refunds, when: '"refund" == action.type', effect: allow}
          - {id: cancels, when: action.type == "cancel_order" && channel == "chat", effect: allow}
          - {id: either, when: action.type == "refund" || action.type == "cancel_order", effect: allow}
        """, 1);
    assertThat(policy.rulesFor("refund")).extracting(CompiledRule::id).containsExactly("any-vip", "refunds", "either");
    assertThat(policy.rulesFor("cancel_order")).extracting(CompiledRule::id)
        .containsExactly("any-vip", "cancels", "either");
    assertThat(policy.rulesFor("apply_discount")).extracting(CompiledRule::id).containsExactly("any-vip", "either");
    assertThat(policy.readsHistory()).isFalse();
  }

  @Test
  void given_the_same_policy_as_json_when_loaded_then_it_compiles() {
    CompiledPolicy policy = compiler.compile("""
        {"rules": [{"id": "r", "when": "action.type == \\"refund\\"", "effect": "allow"}],
         "permissions": {"refund": {"request": ["ai"], "approve": ["SUPERVISOR"]}}}
        """, 2);
    assertThat(policy.ruleIds()).containsExactly("r");
    assertThat(policy.permission("refund")).hasValueSatisfying(p -> assertThat(p.request()).containsExactly("ai"));
  }

  @Test
  void given_the_bundled_default_policy_when_loaded_then_it_compiles() throws Exception {
    String yaml = new String(
        getClass().getClassLoader().getResourceAsStream(ActivePolicy.DEFAULT_POLICY).readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    CompiledPolicy policy = compiler.compile(yaml, 1);
    assertThat(policy.ruleIds()).contains("refund-small", "refund-medium-approval", "refund-large", "repeat-refunds");
    assertThat(policy.readsHistory()).isTrue();
  }

  // ---------------------------------------------------------------- positions and new checks

  private static List<PolicyProblem> details(Throwable e) {
    return ((PolicyValidationException) e).details();
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertRefusedWithRoles(String source, String... roles) {
    return assertThatThrownBy(() -> compiler.compile(source, 1, onePersonEach(roles)))
        .isInstanceOf(PolicyValidationException.class);
  }

  /** A directory in which one person, {@code holder-of-ROLE}, holds each role. */
  private static RoleHolders onePersonEach(String... roles) {
    java.util.Map<String, List<String>> people = new java.util.TreeMap<>();
    for (String role : roles) {
      people.put(role, List.of("holder-of-" + role));
    }
    return RoleHolders.ofPeople(people);
  }

  @Test
  void given_a_misspelled_field_when_loaded_from_text_then_the_problem_has_rule_id_path_and_document_position() {
    assertRefused("""
        rules:
          - id: ok
            when: action.type == "refund"
            effect: allow
          - id: refund-small
            when: action.type == "refund" && action.amout <= 50.0
            effect: require_confirmation
        """)
        .satisfies(e -> assertThat(details(e)).singleElement().satisfies(p -> {
          assertThat(p.rule()).isEqualTo("refund-small");
          assertThat(p.path()).isEqualTo("rules[1].when");
          // line 6 of the document; "amout" starts in column 38 (the when value starts in column 11)
          assertThat(p.line()).isEqualTo(6);
          assertThat(p.column()).isEqualTo(11 + 34 - 1);
          assertThat(p.message()).isEqualTo("rule 'refund-small': when 1:34: undefined field 'amout'");
        }));
  }

  @Test
  void given_a_syntax_error_in_a_block_condition_when_loaded_then_the_document_line_is_the_broken_one() {
    assertRefused("""
        rules:
          - id: broken
            when: |
              action.type == "refund" &&
                action.amount > > 5.0
            effect: allow
        """)
        .satisfies(e -> assertThat(details(e)).first().satisfies(p -> {
          assertThat(p.rule()).isEqualTo("broken");
          assertThat(p.line()).isEqualTo(5);
          assertThat(p.column()).isGreaterThan(1);
        }));
  }

  @Test
  void given_json_with_a_type_error_when_loaded_then_the_column_accounts_for_escaped_quotes() {
    String json = "{\"rules\": [{\"id\": \"j\", \"when\": \"action.type == \\\"refund\\\" && action.amount > \\\"5\\\"\", \"effect\": \"allow\"}]}";
    assertThatThrownBy(() -> compiler.compile(json, 1))
        .satisfies(e -> assertThat(details(e)).singleElement().satisfies(p -> {
          assertThat(p.rule()).isEqualTo("j");
          assertThat(p.line()).isEqualTo(1);
          // the '>' operator: CEL column 42 of the condition, shifted by the two escaped quotes
          assertThat(json.charAt(p.column() - 1)).isEqualTo('>');
        }));
  }

  @Test
  void given_an_unknown_effect_and_a_malformed_sla_when_loaded_then_each_points_at_its_own_value() {
    assertRefused("""
        rules:
          - id: r1
            when: action.type == "refund"
            effect: aprove
          - id: r2
            when: action.type == "refund"
            effect: require_approval
            approval:
              tiers:
                - {roles: [SUPERVISOR], sla: 4h}
        """)
        .satisfies(e -> assertThat(details(e))
            .extracting(PolicyProblem::rule, PolicyProblem::path, PolicyProblem::line)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("r1", "rules[0].effect", 4),
                org.assertj.core.groups.Tuple.tuple("r2", "rules[1].approval.tiers[0].sla", 10)));
  }

  @Test
  void given_unknown_roles_when_validated_against_the_directory_then_each_is_named() {
    assertRefusedWithRoles("""
        rules:
          - id: medium
            when: action.type == "refund"
            effect: require_approval
            approval: {tiers: [{roles: [SUPERVSIOR], sla: PT4H}]}
        permissions:
          refund: {request: [ai, AGENTS], approve: [SUPERVISOR, SUPERVSIOR]}
        """, "SUPERVISOR", "AGENT", "MANAGER")
        .satisfies(e -> assertThat(problems(e)).containsExactlyInAnyOrder(
            "rule 'medium': approval.tiers[0].roles: unknown role 'SUPERVSIOR'; no principal has it. Known roles: AGENT, MANAGER, SUPERVISOR",
            "permissions.refund.request: unknown role 'AGENTS'; no principal has it. Known roles: AGENT, MANAGER, SUPERVISOR",
            "permissions.refund.approve: unknown role 'SUPERVSIOR'; no principal has it. Known roles: AGENT, MANAGER, SUPERVISOR"));
  }

  @Test
  void given_known_roles_and_actor_kinds_when_validated_then_the_policy_compiles() {
    CompiledPolicy policy = compiler.compile("""
        rules: [{id: r, when: action.type == "refund", effect: allow}]
        permissions:
          refund: {request: [ai, human, AGENT], approve: [SUPERVISOR]}
        """, 1, onePersonEach("AGENT", "SUPERVISOR"));
    assertThat(policy.ruleIds()).containsExactly("r");
  }

  @Test
  void given_a_tier_role_the_permission_map_does_not_let_approve_when_loaded_then_it_is_refused() {
    assertRefused("""
        rules:
          - id: medium
            when: action.type == "refund"
            effect: require_approval
            approval: {tiers: [{roles: [AGENT], sla: PT4H}]}
        permissions:
          refund: {request: [ai], approve: [SUPERVISOR, MANAGER]}
        """)
        .satisfies(e -> assertThat(problems(e)).containsExactly(
            "rule 'medium': approval.tiers[0].roles [AGENT] may not approve 'refund': permissions.refund.approve"
                + " allows only [SUPERVISOR, MANAGER]"));
  }

  @Test
  void given_an_unknown_action_type_in_a_condition_when_loaded_then_the_problem_points_at_the_condition() {
    assertRefused("""
        rules:
          - {id: typo, when: action.type == "refnd", effect: allow}
        """)
        .satisfies(e -> assertThat(details(e)).singleElement().satisfies(p -> {
          assertThat(p.rule()).isEqualTo("typo");
          assertThat(p.path()).isEqualTo("rules[0].when");
          assertThat(p.line()).isEqualTo(2);
        }));
  }

  @Test
  void given_unparseable_yaml_when_loaded_then_the_problem_has_the_parser_s_line() {
    assertRefused("rules:\n  - id: a\n    when: [unclosed\n")
        .satisfies(e -> assertThat(details(e)).singleElement().satisfies(p -> assertThat(p.line()).isNotNull()));
  }

  // ---------------------------------------------------------------- bounds (issue 17)

  @Test
  void given_an_sla_longer_than_a_year_when_loaded_then_it_is_refused_at_its_position() {
    assertRefused("""
        rules:
          - id: medium
            when: action.type == "refund"
            effect: require_approval
            approval: {tiers: [{roles: [SUPERVISOR], sla: PT99999999999H}]}
        """)
        .satisfies(e -> assertThat(details(e)).singleElement().satisfies(p -> {
          assertThat(p.path()).isEqualTo("rules[0].approval.tiers[0].sla");
          assertThat(p.line()).isEqualTo(5);
          assertThat(p.message()).isEqualTo(
              "rule 'medium': approval.tiers[0].sla must be at most P365D (365 days), was PT99999999999H");
        }));
  }

  @Test
  void given_an_sla_of_exactly_a_year_when_loaded_then_it_compiles() {
    CompiledPolicy policy = compiler.compile("""
        rules:
          - id: medium
            when: action.type == "refund"
            effect: require_approval
            approval: {tiers: [{roles: [SUPERVISOR], sla: P365D}]}
        """, 1);
    assertThat(policy.rulesFor("refund").get(0).approval().tiers().get(0).sla()).isEqualTo(Duration.ofDays(365));
  }

  @Test
  void given_more_approvers_than_the_people_holding_the_tier_roles_when_saved_then_it_is_refused() {
    RoleHolders directory = RoleHolders.ofPeople(java.util.Map.of(
        "SUPERVISOR", List.of("alice", "bob"), "MANAGER", List.of("maria")));
    assertThatThrownBy(() -> compiler.compile("""
        rules:
          - id: medium
            when: action.type == "refund"
            effect: require_approval
            approval: {tiers: [{roles: [SUPERVISOR], sla: PT4H}], approvers: 3}
        """, 1, directory))
        .isInstanceOf(PolicyValidationException.class)
        .satisfies(e -> assertThat(details(e)).singleElement().satisfies(p -> {
          assertThat(p.path()).isEqualTo("rules[0].approval.approvers");
          assertThat(p.message()).isEqualTo("rule 'medium': approval.approvers is 3, but only 2 people hold the roles"
              + " [SUPERVISOR] of approval.tiers[0..0] (alice, bob): such an action could never be approved at that"
              + " tier. Lower approvers or add roles to the tier");
        }));
  }

  @Test
  void given_approvers_the_tier_people_can_give_when_saved_then_it_compiles() {
    RoleHolders directory = RoleHolders.ofPeople(java.util.Map.of(
        "SUPERVISOR", List.of("alice", "bob"), "MANAGER", List.of("maria", "alice")));
    CompiledPolicy policy = compiler.compile("""
        rules:
          - id: medium
            when: action.type == "refund"
            effect: require_approval
            approval: {tiers: [{roles: [SUPERVISOR, MANAGER], sla: PT4H}], approvers: 3}
        """, 1, directory);
    assertThat(policy.rulesFor("refund").get(0).approval().approvers()).isEqualTo(3);
  }

  @Test
  void given_a_billion_approvers_without_a_directory_when_loaded_then_the_absolute_bound_refuses_it() {
    assertRefused("""
        rules:
          - id: medium
            when: action.type == "refund"
            effect: require_approval
            approval: {tiers: [{roles: [SUPERVISOR], sla: PT4H}], approvers: 1000000000}
        """)
        .satisfies(e -> assertThat(problems(e)).containsExactly(
            "rule 'medium': approval.approvers must be between 1 and 20, was 1000000000"));
  }

  @Test
  void given_more_than_ten_tiers_when_loaded_then_it_is_refused() {
    String tiers = String.join(", ", java.util.Collections.nCopies(11, "{roles: [SUPERVISOR], sla: PT1H}"));
    assertRefused("""
        rules:
          - id: medium
            when: action.type == "refund"
            effect: require_approval
            approval: {tiers: [%s]}
        """.formatted(tiers))
        .satisfies(e -> assertThat(problems(e)).containsExactly(
            "rule 'medium': approval.tiers has 11 tiers; at most 10 are allowed"));
  }
}
