package com.governedactions.autonomy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.governedactions.policy.PolicyDocument;
import java.math.BigDecimal;
import java.util.List;

/**
 * The policy changes a suggestion carries, as RFC 6902 JSON Patches of the document. The policy's
 * strictest effect wins, so an extra allow rule would relax nothing: a relaxation narrows each
 * require_approval rule that can match the type with {@code && !(this path)}; a tightening adds a
 * require_approval rule for exactly this path.
 */
final class PolicyPatches {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PolicyPatches() {}

  /** The CEL condition that holds for exactly this path's requests. */
  static String pathCondition(PathStats path) {
    StringBuilder when = new StringBuilder()
        .append("action.type == ").append(literal(path.actionType()))
        .append(" && actor.type == ").append(literal(path.actorType()))
        .append(" && actor.id == ").append(literal(path.actorId()))
        .append(" && action.currency == ").append(literal(path.currency()));
    if (path.bandLower() != null) {
      when.append(" && action.amount ").append(path.band().startsWith(">=") ? ">= " : "> ").append(number(path.bandLower()));
    }
    if (path.bandUpper() != null) {
      when.append(" && action.amount ").append(path.band().contains("<= ") ? "<= " : "< ").append(number(path.bandUpper()));
    }
    return when.toString();
  }

  /** Empty when no require_approval rule can match the path's type. */
  static ArrayNode relax(PolicyDocument document, PathStats path) {
    ArrayNode patch = NODES.arrayNode();
    List<PolicyDocument.Rule> rules = document.rules() == null ? List.of() : document.rules();
    String exemption = " && !(" + pathCondition(path) + ")";
    for (int i = 0; i < rules.size(); i++) {
      PolicyDocument.Rule rule = rules.get(i);
      if (!"require_approval".equals(rule.effect()) || rule.when() == null || !canMatch(rule.when(), path.actionType())) {
        continue;
      }
      patch.add(NODES.objectNode().put("op", "test").put("path", "/rules/" + i + "/when").put("value", rule.when()));
      patch.add(NODES.objectNode().put("op", "replace").put("path", "/rules/" + i + "/when")
          .put("value", "(" + rule.when() + ")" + exemption));
    }
    return patch;
  }

  static ArrayNode tighten(PolicyDocument document, PathStats path, String ruleId) {
    List<String> approvers = document.permissions() != null && document.permissions().get(path.actionType()) != null
        && document.permissions().get(path.actionType()).approve() != null
        ? document.permissions().get(path.actionType()).approve() : List.of("SUPERVISOR");
    ObjectNode rule = NODES.objectNode()
        .put("id", ruleId)
        .put("description", "auto-allowed " + path.actionType() + " " + path.band() + " " + path.currency() + " by "
            + path.actorId() + " was reversed or compensated too often: a person approves it again")
        .put("when", pathCondition(path))
        .put("effect", "require_approval");
    ObjectNode approval = rule.putObject("approval");
    ObjectNode tier = approval.putArray("tiers").addObject();
    approvers.forEach(tier.putArray("roles")::add);
    tier.put("sla", "PT4H");
    approval.put("approvers", 1).put("onTimeout", "expire");
    ArrayNode patch = NODES.arrayNode();
    patch.add(NODES.objectNode().put("op", "add").put("path", "/rules/-").set("value", rule));
    return patch;
  }

  private static boolean canMatch(String when, String type) {
    return when.contains("action.type == " + literal(type)) || !when.contains("action.type ==");
  }

  private static String literal(String value) {
    return "\"" + (value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"")) + "\"";
  }

  private static String number(BigDecimal value) {
    BigDecimal plain = value.stripTrailingZeros();
    return (plain.scale() < 1 ? plain.setScale(1) : plain).toPlainString();
  }

  static JsonNode tree(Object value) {
    return JSON.valueToTree(value);
  }
}
