package com.governedactions.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.governedactions.action.ApprovalRequirement;
import com.governedactions.action.ApprovalTier;
import com.governedactions.action.Effect;
import com.governedactions.action.TimeoutOutcome;
import dev.cel.bundle.Cel;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.Operator;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Turns a policy document into a {@link CompiledPolicy}, or refuses it with every problem found:
 * each names the rule, and CEL errors their line:column inside the rule's {@code when}.
 */
@Component
public class PolicyCompiler {
  private static final String EFFECTS =
      Arrays.stream(Effect.values()).map(Effect::json).collect(Collectors.joining(", "));
  private static final String TIMEOUTS =
      Arrays.stream(TimeoutOutcome.values()).map(TimeoutOutcome::json).collect(Collectors.joining(", "));

  // JSON is read by the same mapper: PUT /policy takes either.
  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final ActionCatalog catalog;
  private final Cel cel = RuleContext.newCel();

  public PolicyCompiler(ActionCatalog catalog) {
    this.catalog = catalog;
  }

  /** Parses a YAML or JSON policy document and compiles it as {@code version}. */
  public CompiledPolicy compile(String source, long version) {
    return compile(parse(source), version);
  }

  /** Reads a YAML or JSON policy document; refuses unknown keys and values of the wrong shape. */
  public PolicyDocument parse(String source) {
    PolicyDocument document;
    try {
      document = YAML.readValue(source, PolicyDocument.class);
    } catch (UnrecognizedPropertyException e) {
      throw new PolicyValidationException(
          List.of(path(e, true) + ": unknown key '" + e.getPropertyName() + "'; allowed keys: " + known(e)));
    } catch (JsonMappingException e) {
      throw new PolicyValidationException(List.of(path(e, false) + ": " + e.getOriginalMessage() + at(e)));
    } catch (JsonProcessingException e) {
      throw new PolicyValidationException(List.of("not a valid YAML or JSON document" + at(e) + ": " + e.getOriginalMessage()));
    }
    if (document == null) {
      throw new PolicyValidationException(List.of("the policy document is empty"));
    }
    return document;
  }

  /** Validates and compiles {@code document} as {@code version}; thread-safe. */
  public CompiledPolicy compile(PolicyDocument document, long version) {
    List<String> problems = new ArrayList<>();
    List<CompiledRule> compiled = new ArrayList<>();
    List<PolicyDocument.Rule> rules = document.rules() == null ? List.of() : document.rules();
    if (rules.isEmpty()) {
      problems.add("rules: at least one rule is required; an action type no rule matches is denied");
    }
    // Type-checking builds CEL's whole standard environment again for every expression, which is
    // most of a compile: check the conditions on all cores first, each distinct one once.
    Map<String, CelValidationResult> checked =
        rules.stream()
            .filter(rule -> rule != null && rule.when() != null && !rule.when().isBlank())
            .map(PolicyDocument.Rule::when)
            .distinct()
            .parallel()
            .collect(Collectors.toConcurrentMap(when -> when, cel::compile));
    Map<String, Integer> firstUse = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      PolicyDocument.Rule rule = rules.get(i);
      if (rule == null) {
        problems.add("rules[" + i + "]: is empty");
        continue;
      }
      if (rule.id() != null && !rule.id().isBlank()) {
        Integer earlier = firstUse.putIfAbsent(rule.id(), i);
        if (earlier != null) {
          problems.add("rule '" + rule.id() + "': duplicate rule id (rules[" + earlier + "] and rules[" + i + "])");
        }
      }
      CompiledRule result = compileRule(rule, i, checked, problems);
      if (result != null) {
        compiled.add(result);
      }
    }
    checkPermissions(document.permissions(), problems);
    if (!problems.isEmpty()) {
      throw new PolicyValidationException(problems);
    }
    return new CompiledPolicy(version, document, compiled);
  }

  private CompiledRule compileRule(
      PolicyDocument.Rule rule, int index, Map<String, CelValidationResult> checked, List<String> problems) {
    int before = problems.size();
    String where;
    if (rule.id() == null || rule.id().isBlank()) {
      where = "rules[" + index + "]";
      problems.add(where + ": id is required");
    } else {
      where = "rule '" + rule.id() + "'";
    }
    Effect effect = effect(rule, where, problems);
    ApprovalRequirement approval = approval(rule, effect, where, problems);
    checkTeam(rule, effect, where, problems);
    CelAbstractSyntaxTree ast = condition(rule, where, checked, problems);
    String pinnedType = ast == null ? null : pinnedType(ast.getExpr());
    if (pinnedType != null && catalog.find(pinnedType).isEmpty()) {
      problems.add(where + ": when requires action.type == \"" + pinnedType + "\", which is not an action type; known types: " + knownTypes());
    }
    if (problems.size() > before) {
      return null;
    }
    try {
      return new CompiledRule(
          rule.id(), effect, rule.reason(), approval, rule.team(), cel.createProgram(ast), pinnedType,
          RuleContext.historyScopes(ast));
    } catch (CelEvaluationException e) {
      problems.add(where + ": when cannot be planned: " + e.getMessage());
      return null;
    }
  }

  private static Effect effect(PolicyDocument.Rule rule, String where, List<String> problems) {
    if (rule.effect() == null || rule.effect().isBlank()) {
      problems.add(where + ": effect is required; use one of " + EFFECTS);
      return null;
    }
    for (Effect effect : Effect.values()) {
      if (effect.json().equals(rule.effect())) {
        return effect;
      }
    }
    problems.add(where + ": unknown effect '" + rule.effect() + "'; use one of " + EFFECTS);
    return null;
  }

  private static ApprovalRequirement approval(
      PolicyDocument.Rule rule, Effect effect, String where, List<String> problems) {
    PolicyDocument.Approval approval = rule.approval();
    if (effect != Effect.REQUIRE_APPROVAL) {
      if (approval != null && effect != null) {
        problems.add(where + ": approval only applies to require_approval rules, this one is " + effect.json());
      }
      return null;
    }
    if (approval == null || approval.tiers() == null || approval.tiers().isEmpty()) {
      problems.add(where + ": require_approval needs approval.tiers with at least one tier, e.g. {roles: [SUPERVISOR], sla: PT4H}");
      return null;
    }
    int before = problems.size();
    List<ApprovalTier> tiers = new ArrayList<>();
    for (int t = 0; t < approval.tiers().size(); t++) {
      PolicyDocument.Tier tier = approval.tiers().get(t);
      String at = where + ": approval.tiers[" + t + "]";
      if (tier == null) {
        problems.add(at + " is empty");
        continue;
      }
      if (tier.roles() == null || tier.roles().isEmpty()) {
        problems.add(at + " has no roles; name at least one role that may approve");
      } else if (tier.roles().stream().anyMatch(r -> r == null || r.isBlank())) {
        problems.add(at + ".roles has a blank role");
      }
      Duration sla = sla(tier.sla(), at, problems);
      if (problems.size() == before) {
        tiers.add(new ApprovalTier(tier.roles(), sla));
      }
    }
    int approvers = approval.approvers() == null ? 1 : approval.approvers();
    if (approvers < 1) {
      problems.add(where + ": approval.approvers must be at least 1, was " + approvers);
    }
    TimeoutOutcome onTimeout = onTimeout(approval.onTimeout(), where, problems);
    if (onTimeout == TimeoutOutcome.ESCALATE && (rule.team() == null || rule.team().isBlank())) {
      problems.add(where + ": approval.onTimeout escalate needs a team to hand the case to");
    }
    return problems.size() == before ? new ApprovalRequirement(tiers, approvers, onTimeout) : null;
  }

  private static Duration sla(String text, String at, List<String> problems) {
    if (text == null || text.isBlank()) {
      problems.add(at + ".sla is required, an ISO-8601 duration like PT4H");
      return null;
    }
    try {
      Duration sla = Duration.parse(text);
      if (sla.isNegative() || sla.isZero()) {
        problems.add(at + ".sla must be longer than zero, was " + text);
      }
      return sla;
    } catch (DateTimeParseException e) {
      problems.add(at + ".sla '" + text + "' is not an ISO-8601 duration like PT4H or P1D");
      return null;
    }
  }

  private static TimeoutOutcome onTimeout(String text, String where, List<String> problems) {
    if (text == null) {
      return TimeoutOutcome.EXPIRE;
    }
    for (TimeoutOutcome outcome : TimeoutOutcome.values()) {
      if (outcome.json().equals(text)) {
        return outcome;
      }
    }
    problems.add(where + ": unknown approval.onTimeout '" + text + "'; use one of " + TIMEOUTS);
    return null;
  }

  private static void checkTeam(PolicyDocument.Rule rule, Effect effect, String where, List<String> problems) {
    boolean hasTeam = rule.team() != null && !rule.team().isBlank();
    if (effect == Effect.ESCALATE && !hasTeam) {
      problems.add(where + ": escalate needs a team to hand the case to");
    } else if (hasTeam && effect != null && effect != Effect.ESCALATE && effect != Effect.REQUIRE_APPROVAL) {
      problems.add(where + ": team only applies to escalate and require_approval rules, this one is " + effect.json());
    }
  }

  private CelAbstractSyntaxTree condition(
      PolicyDocument.Rule rule, String where, Map<String, CelValidationResult> checked, List<String> problems) {
    if (rule.when() == null || rule.when().isBlank()) {
      problems.add(where + ": when is required, a CEL condition such as action.type == \"refund\"");
      return null;
    }
    CelValidationResult result = checked.get(rule.when());
    if (result.hasError()) {
      for (CelIssue issue : result.getErrors()) {
        problems.add(where + ": when" + position(issue.getSourceLocation()) + ": " + issue.getMessage());
      }
      return null;
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = result.getAst();
    } catch (CelValidationException e) {
      problems.add(where + ": when: " + e.getMessage());
      return null;
    }
    if (!SimpleType.BOOL.equals(ast.getResultType())) {
      problems.add(
          where + ": when must be a boolean condition, but its type is " + ast.getResultType().name()
              + (ast.getResultType().equals(SimpleType.DYN) ? " (compare the value, e.g. action.params.x == true)" : ""));
      return null;
    }
    return ast;
  }

  // CEL reports 0-based columns; people (and CEL's own error display) count from 1.
  private static String position(CelSourceLocation location) {
    return location.getLine() > 0 ? " " + location.getLine() + ":" + (location.getColumn() + 1) : "";
  }

  /** The type named by an {@code action.type == "x"} term of the top-level conjunction, if any. */
  private static String pinnedType(CelExpr expr) {
    if (expr.getKind() != CelExpr.ExprKind.Kind.CALL) {
      return null;
    }
    String function = expr.call().function();
    List<CelExpr> args = expr.call().args();
    if (function.equals(Operator.LOGICAL_AND.getFunction())) {
      for (CelExpr arg : args) {
        String pinned = pinnedType(arg);
        if (pinned != null) {
          return pinned;
        }
      }
      return null;
    }
    if (function.equals(Operator.EQUALS.getFunction()) && args.size() == 2) {
      if (isActionType(args.get(0))) {
        return stringConstant(args.get(1));
      }
      if (isActionType(args.get(1))) {
        return stringConstant(args.get(0));
      }
    }
    return null;
  }

  private static boolean isActionType(CelExpr expr) {
    return expr.getKind() == CelExpr.ExprKind.Kind.SELECT
        && !expr.select().testOnly()
        && expr.select().field().equals("type")
        && expr.select().operand().getKind() == CelExpr.ExprKind.Kind.IDENT
        && expr.select().operand().ident().name().equals("action");
  }

  private static String stringConstant(CelExpr expr) {
    return expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
            && expr.constant().getKind() == CelConstant.Kind.STRING_VALUE
        ? expr.constant().stringValue()
        : null;
  }

  private void checkPermissions(Map<String, PolicyDocument.Permission> permissions, List<String> problems) {
    if (permissions == null) {
      return;
    }
    permissions.forEach(
        (type, permission) -> {
          String where = "permissions." + type;
          if (catalog.find(type).isEmpty()) {
            problems.add(where + ": unknown action type; known types: " + knownTypes());
          }
          if (permission == null || permission.request() == null) {
            problems.add(where + ".request is required: list ai and/or the human roles that may request it");
            return;
          }
          if (permission.request().stream().anyMatch(r -> r == null || r.isBlank())) {
            problems.add(where + ".request has a blank entry");
          }
          if (permission.approve() != null && permission.approve().stream().anyMatch(r -> r == null || r.isBlank())) {
            problems.add(where + ".approve has a blank entry");
          }
        });
  }

  private String knownTypes() {
    return catalog.all().stream().map(ActionType::name).collect(Collectors.joining(", "));
  }

  private static String path(JsonMappingException e, boolean parentOnly) {
    List<JsonMappingException.Reference> refs = e.getPath();
    int end = parentOnly ? Math.max(0, refs.size() - 1) : refs.size();
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : refs.subList(0, end)) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "policy" : path.toString();
  }

  private static String known(UnrecognizedPropertyException e) {
    return e.getKnownPropertyIds() == null
        ? "(none)"
        : e.getKnownPropertyIds().stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  private static String at(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : String.format(Locale.ROOT, " (line %d, column %d)", e.getLocation().getLineNr(), e.getLocation().getColumnNr());
  }
}
