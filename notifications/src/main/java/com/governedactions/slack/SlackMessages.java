package com.governedactions.slack;

import com.governedactions.action.ActionState;
import com.governedactions.action.ActionState.ApprovalView;
import com.governedactions.action.ActionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Block Kit messages of an approval: requested, SLA breached, and decided. Pure: everything
 * comes from the action's state (the workflow's {@code state} query) and the words passed in.
 */
final class SlackMessages {
  static final String APPROVE = "approve";
  static final String REJECT = "reject";
  static final String ACTIONS_BLOCK = "decision";

  private SlackMessages() {}

  /**
   * @param what the action in words, e.g. "Refund USD 89.50 to order A-1001"
   * @param rules the rule(s) that asked for approval
   * @param breached true for the message sent when a tier's SLA ran out
   */
  static SlackMessage approvalNeeded(ActionState state, String what, List<String> rules, boolean breached) {
    boolean waiting = state.status() == ActionStatus.AWAITING_APPROVAL && state.approval() != null;
    String headline;
    if (!breached) {
      headline = "Approval needed";
    } else if (waiting) {
      headline = "Approval SLA breached, escalated";
    } else {
      headline = "Approval SLA breached, action " + state.status();
    }
    List<Map<String, Object>> blocks = new ArrayList<>();
    blocks.add(Map.of("type", "header", "text", plain(headline)));
    blocks.add(section("*" + escape(what) + "*"));
    blocks.add(facts(state, rules));
    if (waiting) {
      blocks.add(Map.of(
          "type", "actions",
          "block_id", ACTIONS_BLOCK,
          "elements", List.of(
              button(APPROVE, "Approve", "primary", state.actionId()),
              button(REJECT, "Reject", "danger", state.actionId()))));
    } else {
      blocks.add(context("No decision possible any more: the action is " + state.status() + "."));
    }
    return new SlackMessage(escape(headline + ": " + what), blocks);
  }

  /** The message after a decision from Slack: the same facts, no buttons once decided, and who did it. */
  static SlackMessage decided(ActionState state, String what, List<String> rules, String verdict, String by) {
    List<Map<String, Object>> blocks = new ArrayList<>();
    String headline = verdict + " by " + by;
    blocks.add(Map.of("type", "header", "text", plain(headline)));
    blocks.add(section("*" + escape(what) + "*"));
    blocks.add(facts(state, rules));
    ApprovalView approval = state.approval();
    if (awaitsMoreApprovals(state)) {
      // M-of-N: this approval counted, more are needed; the buttons stay for the others.
      blocks.add(context(approval.approvals().size() + " of " + approval.required() + " approvals so far."));
      blocks.add(Map.of("type", "actions", "block_id", ACTIONS_BLOCK, "elements", List.of(
          button(APPROVE, "Approve", "primary", state.actionId()),
          button(REJECT, "Reject", "danger", state.actionId()))));
    } else {
      blocks.add(context(escape(verdict + " by " + by + " in Slack; the action is now " + state.status() + ".")));
    }
    return new SlackMessage(escape(headline + ": " + what), blocks);
  }

  /**
   * Whether the approval still needs more than it has. A decision's answer may carry the state from
   * just before the workflow moved on (the decision's own audit write lets it run meanwhile or not),
   * so "awaiting approval" alone does not say it: enough approvals given is the workflow's own rule
   * for the approval being over.
   */
  static boolean awaitsMoreApprovals(ActionState state) {
    ApprovalView approval = state.approval();
    return state.status() == ActionStatus.AWAITING_APPROVAL
        && approval != null
        && approval.approvals().size() < approval.required();
  }

  /** A message whose approval is over, however it ended: the outcome, no buttons. */
  static SlackMessage closed(ActionState state, String what, List<String> rules, String verdict) {
    List<Map<String, Object>> blocks = new ArrayList<>();
    blocks.add(Map.of("type", "header", "text", plain(verdict)));
    blocks.add(section("*" + escape(what) + "*"));
    blocks.add(facts(state, rules));
    blocks.add(context(escape(verdict + "; the action is now " + state.status() + ".")));
    return new SlackMessage(escape(verdict + ": " + what), blocks);
  }

  private static Map<String, Object> facts(ActionState state, List<String> rules) {
    ApprovalView approval = state.approval();
    List<Map<String, Object>> fields = new ArrayList<>();
    fields.add(mrkdwn("*Requested by*\n" + escape(requester(state))));
    fields.add(mrkdwn("*Rule*\n" + escape(String.join(", ", rules))
        + (state.decision() == null ? "" : " (policy v" + state.decision().policyVersion() + ")")));
    if (approval != null && approval.deadline() != null) {
      fields.add(mrkdwn("*Deadline*\n" + date(approval.deadline())
          + "\ntier " + approval.tier() + " of " + approval.tiers() + ": " + escape(String.join(", ", approval.roles()))));
    }
    fields.add(mrkdwn("*Action*\n" + escape(state.actionId())));
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("type", "section");
    block.put("fields", fields);
    return block;
  }

  private static String requester(ActionState state) {
    if (state.actor() == null) {
      return String.valueOf(state.submittedBy());
    }
    String who = state.actor().id() + " (" + state.actor().type().json() + ")";
    boolean relayed = state.submittedBy() != null && !state.submittedBy().equals(state.actor().id());
    return relayed ? who + " via " + state.submittedBy() : who;
  }

  /** Slack shows the date in each reader's time zone; the fallback is UTC. */
  private static String date(Instant at) {
    return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} {time}|" + at + ">";
  }

  private static Map<String, Object> button(String actionId, String label, String style, String value) {
    Map<String, Object> button = new LinkedHashMap<>();
    button.put("type", "button");
    button.put("action_id", actionId);
    button.put("text", plain(label));
    button.put("style", style);
    button.put("value", value);
    return button;
  }

  private static Map<String, Object> section(String markdown) {
    return Map.of("type", "section", "text", mrkdwn(markdown));
  }

  private static Map<String, Object> context(String markdown) {
    return Map.of("type", "context", "elements", List.of(mrkdwn(markdown)));
  }

  private static Map<String, Object> plain(String text) {
    return Map.of("type", "plain_text", "text", text);
  }

  private static Map<String, Object> mrkdwn(String text) {
    return Map.of("type", "mrkdwn", "text", text);
  }

  /** Slack's three control characters: request text must not become a link or a mention. */
  static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
