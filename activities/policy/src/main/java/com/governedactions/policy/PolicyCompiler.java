package com.governedactions.policy;

import com.fasterxml.jackson.core.JsonLocation;
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
import java.util.Set;
import java.util.TreeSet;
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

  /** The longest SLA a tier may set: a deadline must stay a date PostgreSQL and people can use. */
  static final Duration MAX_SLA = Duration.ofDays(365);

  private static final String MAX_SLA_TEXT = "P365D";

  /** The most approvals a requirement may ask for, also when no directory is known. */
  static final int MAX_APPROVERS = 20;

  /** The most tiers an approval may escalate through. */
  static final int MAX_TIERS = 10;

  /** Actor kinds a permission's request list may name besides roles. */
  static final Set<String> ACTOR_KINDS = Set.of("ai", "human");

  private final ActionCatalog catalog;
  private final Cel cel = RuleContext.newCel();

  public PolicyCompiler(ActionCatalog catalog) {
    this.catalog = catalog;
  }

  /** Parses a YAML or JSON policy document and compiles it as {@code version}. */
  public CompiledPolicy compile(String source, long version) {
    return compile(source, version, null);
  }

  /**
   * Parses and compiles {@code source} as {@code version}, also refusing roles no principal holds
   * and approval counts more than the people holding a tier's roles could give (both skipped when
   * {@code holders} is null); every problem carries its line and column in {@code source}.
   */
  public CompiledPolicy compile(String source, long version, RoleHolders holders) {
    PolicyDocument document = parse(source);
    return compile(document, version, holders, SourcePositions.of(source));
  }

  /** Reads a YAML or JSON policy document; refuses unknown keys and values of the wrong shape. */
  public PolicyDocument parse(String source) {
    PolicyDocument document;
    try {
      document = YAML.readValue(source, PolicyDocument.class);
    } catch (UnrecognizedPropertyException e) {
      throw located(e, path(e, true), path(e, true) + ": unknown key '" + e.getPropertyName() + "'; allowed keys: " + known(e));
    } catch (JsonMappingException e) {
      throw located(e, path(e, false), path(e, false) + ": " + e.getOriginalMessage() + at(e));
    } catch (JsonProcessingException e) {
      throw located(e, "policy", "not a valid YAML or JSON document" + at(e) + ": " + e.getOriginalMessage());
    }
    if (document == null) {
      throw new PolicyValidationException(List.of("the policy document is empty"));
    }
    return document;
  }

  /** Validates and compiles {@code document} as {@code version}; thread-safe. */
  public CompiledPolicy compile(PolicyDocument document, long version) {
    return compile(document, version, null, SourcePositions.NONE);
  }

  private CompiledPolicy compile(
      PolicyDocument document, long version, RoleHolders holders, SourcePositions positions) {
    Problems problems = new Problems(positions);
    List<CompiledRule> compiled = new ArrayList<>();
    List<PolicyDocument.Rule> rules = document.rules() == null ? List.of() : document.rules();
    if (rules.isEmpty()) {
      problems.add(NO_RULE, "rules", "rules: at least one rule is required; an action type no rule matches is denied");
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
        problems.add(NO_RULE, "rules[" + i + "]", "rules[" + i + "]: is empty");
        continue;
      }
      if (rule.id() != null && !rule.id().isBlank()) {
        Integer earlier = firstUse.putIfAbsent(rule.id(), i);
        if (earlier != null) {
          problems.add(new Site(rule.id(), "rules[" + i + "]", "rule '" + rule.id() + "'"), "rules[" + i + "].id",
              "rule '" + rule.id() + "': duplicate rule id (rules[" + earlier + "] and rules[" + i + "])");
        }
      }
      CompiledRule result = compileRule(rule, i, checked, document.permissions(), holders, problems);
      if (result != null) {
        compiled.add(result);
      }
    }
    checkPermissions(document.permissions(), holders == null ? null : holders.roles(), problems);
    if (!problems.isEmpty()) {
      throw PolicyValidationException.of(problems.list());
    }
    return new CompiledPolicy(version, document, compiled);
  }

  /** A rule's place in the document: its id (may be null), its path, and how messages name it. */
  private static final Site NO_RULE = new Site(null, "policy", "policy");

  private record Site(String rule, String path, String label) {
    String at(String field) {
      return path + "." + field;
    }
  }

  private CompiledRule compileRule(
      PolicyDocument.Rule rule,
      int index,
      Map<String, CelValidationResult> checked,
      Map<String, PolicyDocument.Permission> permissions,
      RoleHolders holders,
      Problems problems) {
    int before = problems.size();
    boolean named = rule.id() != null && !rule.id().isBlank();
    Site site = new Site(named ? rule.id() : null, "rules[" + index + "]", named ? "rule '" + rule.id() + "'" : "rules[" + index + "]");
    if (!named) {
      problems.add(site, site.path(), site.label() + ": id is required");
    }
    checkTexts(rule, site, problems);
    Effect effect = effect(rule, site, problems);
    ApprovalRequirement approval = approval(rule, effect, site, holders, problems);
    checkTeam(rule, effect, site, problems);
    CelAbstractSyntaxTree ast = condition(rule, site, checked, problems);
    String pinnedType = ast == null ? null : pinnedType(ast.getExpr());
    if (pinnedType != null && catalog.find(pinnedType).isEmpty()) {
      problems.add(site, site.at("when"),
          site.label() + ": when requires action.type == \"" + pinnedType + "\", which is not an action type; known types: " + knownTypes());
    }
    if (approval != null && pinnedType != null) {
      checkMayApprove(approval, permissions == null ? null : permissions.get(pinnedType), pinnedType, site, problems);
    }
    if (problems.size() > before) {
      return null;
    }
    try {
      return new CompiledRule(
          rule.id(), effect, rule.reason(), approval, rule.team(), cel.createProgram(ast), pinnedType,
          RuleContext.historyScopes(ast));
    } catch (CelEvaluationException e) {
      problems.add(site, site.at("when"), site.label() + ": when cannot be planned: " + e.getMessage());
      return null;
    }
  }

  /**
   * A rule's id, reason and team go into the audit trail of every action it matches, where a
   * control character (NUL above all) would fail each write: refused here, not at the first match.
   */
  private static void checkTexts(PolicyDocument.Rule rule, Site site, Problems problems) {
    String[][] texts = {
      {"id", rule.id()}, {"description", rule.description()}, {"reason", rule.reason()}, {"team", rule.team()}
    };
    for (String[] text : texts) {
      if (ControlCharacters.in(text[1])) {
        problems.add(site, site.at(text[0]), site.label() + ": " + text[0] + " " + ControlCharacters.RULE);
      }
    }
  }

  /**
   * A tier naming a role the permission map does not let approve this type could never be
   * satisfied by that role: refused here rather than discovered by an approver's 403.
   */
  private static void checkMayApprove(
      ApprovalRequirement approval, PolicyDocument.Permission permission, String type, Site site, Problems problems) {
    if (permission == null || permission.approve() == null) {
      return;
    }
    for (int t = 0; t < approval.tiers().size(); t++) {
      List<String> outside =
          approval.tiers().get(t).roles().stream().filter(r -> !permission.approve().contains(r)).toList();
      if (!outside.isEmpty()) {
        problems.add(site, site.at("approval.tiers[" + t + "].roles"),
            site.label() + ": approval.tiers[" + t + "].roles " + outside + " may not approve '" + type
                + "': permissions." + type + ".approve allows only " + permission.approve());
      }
    }
  }

  private static Effect effect(PolicyDocument.Rule rule, Site site, Problems problems) {
    if (rule.effect() == null || rule.effect().isBlank()) {
      problems.add(site, site.path(), site.label() + ": effect is required; use one of " + EFFECTS);
      return null;
    }
    for (Effect effect : Effect.values()) {
      if (effect.json().equals(rule.effect())) {
        return effect;
      }
    }
    problems.add(site, site.at("effect"), site.label() + ": unknown effect '" + rule.effect() + "'; use one of " + EFFECTS);
    return null;
  }

  private static ApprovalRequirement approval(
      PolicyDocument.Rule rule, Effect effect, Site site, RoleHolders holders, Problems problems) {
    PolicyDocument.Approval approval = rule.approval();
    String where = site.label();
    if (effect != Effect.REQUIRE_APPROVAL) {
      if (approval != null && effect != null) {
        problems.add(site, site.at("approval"),
            where + ": approval only applies to require_approval rules, this one is " + effect.json());
      }
      return null;
    }
    if (approval == null || approval.tiers() == null || approval.tiers().isEmpty()) {
      problems.add(site, approval == null ? site.path() : site.at("approval"),
          where + ": require_approval needs approval.tiers with at least one tier, e.g. {roles: [SUPERVISOR], sla: PT4H}");
      return null;
    }
    int before = problems.size();
    if (approval.tiers().size() > MAX_TIERS) {
      problems.add(site, site.at("approval.tiers"),
          where + ": approval.tiers has " + approval.tiers().size() + " tiers; at most " + MAX_TIERS + " are allowed");
    }
    List<ApprovalTier> tiers = new ArrayList<>();
    for (int t = 0; t < approval.tiers().size(); t++) {
      PolicyDocument.Tier tier = approval.tiers().get(t);
      String at = where + ": approval.tiers[" + t + "]";
      String path = site.at("approval.tiers[" + t + "]");
      if (tier == null) {
        problems.add(site, path, at + " is empty");
        continue;
      }
      if (tier.roles() == null || tier.roles().isEmpty()) {
        problems.add(site, path, at + " has no roles; name at least one role that may approve");
      } else if (tier.roles().stream().anyMatch(r -> r == null || r.isBlank())) {
        problems.add(site, path + ".roles", at + ".roles has a blank role");
      } else {
        checkRoles(tier.roles(), holders == null ? null : holders.roles(), site, path + ".roles", at + ".roles", problems);
      }
      Duration sla = sla(tier.sla(), at, site, path, problems);
      if (problems.size() == before) {
        tiers.add(new ApprovalTier(tier.roles(), sla));
      }
    }
    int approvers = approval.approvers() == null ? 1 : approval.approvers();
    if (approvers < 1 || approvers > MAX_APPROVERS) {
      problems.add(site, site.at("approval.approvers"),
          where + ": approval.approvers must be between 1 and " + MAX_APPROVERS + ", was " + approvers);
    } else if (holders != null && problems.size() == before) {
      checkApproversExist(tiers, approvers, holders, site, problems);
    }
    TimeoutOutcome onTimeout = onTimeout(approval.onTimeout(), site, problems);
    if (onTimeout == TimeoutOutcome.ESCALATE && (rule.team() == null || rule.team().isBlank())) {
      problems.add(site, site.at("approval.onTimeout"), where + ": approval.onTimeout escalate needs a team to hand the case to");
    }
    return problems.size() == before ? new ApprovalRequirement(tiers, approvers, onTimeout) : null;
  }

  /**
   * Approvals given at one tier still count at the next, so tier {@code t} can be satisfied by the
   * people holding a role of tiers 0..t; a tier they are too few for could never be approved.
   */
  private static void checkApproversExist(
      List<ApprovalTier> tiers, int approvers, RoleHolders holders, Site site, Problems problems) {
    Set<String> roles = new java.util.LinkedHashSet<>();
    for (int t = 0; t < tiers.size(); t++) {
      roles.addAll(tiers.get(t).roles());
      Set<String> people = holders.people(roles);
      if (people.size() < approvers) {
        problems.add(site, site.at("approval.approvers"),
            site.label() + ": approval.approvers is " + approvers + ", but only " + people.size()
                + (people.size() == 1 ? " person holds " : " people hold ") + "the roles " + roles
                + " of approval.tiers[0.." + t + "]" + (people.isEmpty() ? "" : " (" + String.join(", ", people) + ")")
                + ": such an action could never be approved at that tier. Lower approvers or add roles to the tier");
        return;
      }
    }
  }

  private static void checkRoles(
      List<String> roles, Set<String> knownRoles, Site site, String path, String label, Problems problems) {
    if (knownRoles == null) {
      return;
    }
    for (String role : roles) {
      if (role != null && !role.isBlank() && !knownRoles.contains(role)) {
        problems.add(site, path,
            label + ": unknown role '" + role + "'; no principal has it. Known roles: "
                + String.join(", ", new TreeSet<>(knownRoles)));
      }
    }
  }

  private static Duration sla(String text, String at, Site site, String path, Problems problems) {
    if (text == null || text.isBlank()) {
      problems.add(site, path, at + ".sla is required, an ISO-8601 duration like PT4H");
      return null;
    }
    try {
      Duration sla = Duration.parse(text);
      if (sla.isNegative() || sla.isZero()) {
        problems.add(site, path + ".sla", at + ".sla must be longer than zero, was " + text);
      } else if (sla.compareTo(MAX_SLA) > 0) {
        problems.add(site, path + ".sla", at + ".sla must be at most " + MAX_SLA_TEXT + " (365 days), was " + text);
      }
      return sla;
    } catch (DateTimeParseException e) {
      problems.add(site, path + ".sla", at + ".sla '" + text + "' is not an ISO-8601 duration like PT4H or P1D");
      return null;
    }
  }

  private static TimeoutOutcome onTimeout(String text, Site site, Problems problems) {
    if (text == null) {
      return TimeoutOutcome.EXPIRE;
    }
    for (TimeoutOutcome outcome : TimeoutOutcome.values()) {
      if (outcome.json().equals(text)) {
        return outcome;
      }
    }
    problems.add(site, site.at("approval.onTimeout"),
        site.label() + ": unknown approval.onTimeout '" + text + "'; use one of " + TIMEOUTS);
    return null;
  }

  private static void checkTeam(PolicyDocument.Rule rule, Effect effect, Site site, Problems problems) {
    boolean hasTeam = rule.team() != null && !rule.team().isBlank();
    if (effect == Effect.ESCALATE && !hasTeam) {
      problems.add(site, site.path(), site.label() + ": escalate needs a team to hand the case to");
    } else if (hasTeam && effect != null && effect != Effect.ESCALATE && effect != Effect.REQUIRE_APPROVAL) {
      problems.add(site, site.at("team"),
          site.label() + ": team only applies to escalate and require_approval rules, this one is " + effect.json());
    }
  }

  private CelAbstractSyntaxTree condition(
      PolicyDocument.Rule rule, Site site, Map<String, CelValidationResult> checked, Problems problems) {
    String where = site.label();
    if (rule.when() == null || rule.when().isBlank()) {
      problems.add(site, site.path(), where + ": when is required, a CEL condition such as action.type == \"refund\"");
      return null;
    }
    CelValidationResult result = checked.get(rule.when());
    if (result.hasError()) {
      for (CelIssue issue : result.getErrors()) {
        CelSourceLocation location = issue.getSourceLocation();
        problems.addInExpression(site, site.at("when"), rule.when(), location.getLine(), location.getColumn() + 1,
            where + ": when" + position(location) + ": " + issue.getMessage());
      }
      return null;
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = result.getAst();
    } catch (CelValidationException e) {
      problems.add(site, site.at("when"), where + ": when: " + e.getMessage());
      return null;
    }
    if (!SimpleType.BOOL.equals(ast.getResultType())) {
      problems.add(site, site.at("when"),
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

  private void checkPermissions(
      Map<String, PolicyDocument.Permission> permissions, Set<String> knownRoles, Problems problems) {
    if (permissions == null) {
      return;
    }
    permissions.forEach(
        (type, permission) -> {
          String where = "permissions." + type;
          Site site = new Site(null, where, where);
          if (catalog.find(type).isEmpty()) {
            problems.add(site, where, where + ": unknown action type; known types: " + knownTypes());
          }
          if (permission == null || permission.request() == null) {
            problems.add(site, where, where + ".request is required: list ai and/or the human roles that may request it");
            return;
          }
          if (permission.request().stream().anyMatch(r -> r == null || r.isBlank())) {
            problems.add(site, where + ".request", where + ".request has a blank entry");
          } else {
            checkRoles(
                permission.request().stream().filter(r -> !ACTOR_KINDS.contains(r)).toList(),
                knownRoles, site, where + ".request", where + ".request", problems);
          }
          if (permission.approve() != null && permission.approve().stream().anyMatch(r -> r == null || r.isBlank())) {
            problems.add(site, where + ".approve", where + ".approve has a blank entry");
          } else if (permission.approve() != null) {
            checkRoles(permission.approve(), knownRoles, site, where + ".approve", where + ".approve", problems);
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

  private static PolicyValidationException located(JsonProcessingException e, String path, String message) {
    JsonLocation location = e.getLocation();
    boolean known = location != null && location.getLineNr() > 0;
    return PolicyValidationException.of(List.of(new PolicyProblem(
        null, path, known ? location.getLineNr() : null, known ? location.getColumnNr() : null, message)));
  }

  /** Collects problems, placing each at its line and column in the document when the text is known. */
  private static final class Problems {
    private final SourcePositions positions;
    private final List<PolicyProblem> list = new ArrayList<>();

    Problems(SourcePositions positions) {
      this.positions = positions;
    }

    void add(Site site, String path, String message) {
      place(site.rule(), path, positions.at(path), message);
    }

    void addInExpression(Site site, String path, String expression, int line, int column, String message) {
      place(site.rule(), path, positions.inExpression(path, expression, line, column), message);
    }

    private void place(String rule, String path, SourcePositions.Position at, String message) {
      list.add(new PolicyProblem(rule, path, at == null ? null : at.line(), at == null ? null : at.column(), message));
    }

    int size() {
      return list.size();
    }

    boolean isEmpty() {
      return list.isEmpty();
    }

    List<PolicyProblem> list() {
      return List.copyOf(list);
    }
  }
}
