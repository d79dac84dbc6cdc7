package com.governedactions.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.action.ActionState;
import com.governedactions.action.ActionState.ApprovalView;
import com.governedactions.action.ActionState.DecisionView;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.Effect;
import com.governedactions.action.TimeoutOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackMessagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant DEADLINE = Instant.parse("2026-11-22T16:00:00Z");

  @Test
  void given_textWithSlackControlCharacters_when_rendered_then_escapedSoItCannotLinkOrMention() {
    String blocks = render(state(ActionStatus.AWAITING_APPROVAL), "Refund to <!channel> & <http://evil|click>", false);

    assertThat(blocks).contains("Refund to &lt;!channel&gt; &amp; &lt;http://evil|click&gt;").doesNotContain("<!channel>");
  }

  @Test
  void given_lastTierBreached_when_rendered_then_noButtonsAndTheFinalStatus() {
    String blocks = render(state(ActionStatus.EXPIRED), "Refund USD 89.50 to order A-1", true);

    assertThat(blocks).contains("Approval SLA breached, action EXPIRED").doesNotContain("\"action_id\"");
  }

  @Test
  void given_waitingApproval_when_rendered_then_deadlineInEachReadersTimeZoneAndTwoButtons() {
    String blocks = render(state(ActionStatus.AWAITING_APPROVAL), "Refund USD 89.50 to order A-1", false);

    assertThat(blocks)
        .contains("<!date^" + DEADLINE.getEpochSecond() + "^{date_short_pretty} {time}|2026-11-22T16:00:00Z>")
        .contains("\"action_id\":\"approve\"").contains("\"action_id\":\"reject\"")
        .contains("support-bot (ai) via chat-backend");
  }

  @Test
  void given_approvalEndedElsewhere_when_closed_then_outcomeAndStatusWithoutButtonsAndEscaped() {
    String blocks = SlackMessages.closed(state(ActionStatus.REJECTED), "Refund USD 89.50 to order A-1",
        List.of("refund-medium-approval"), "Rejected by <bob>").toJson(JSON).toString();

    assertThat(blocks).contains("Rejected by &lt;bob&gt;; the action is now REJECTED.")
        .contains("Refund USD 89.50 to order A-1").doesNotContain("\"action_id\"");
  }

  @Test
  void given_approvalThatMetTheRequirementBeforeTheWorkflowMovedOn_when_decided_then_noButtons() {
    ActionState answered = approved(ActionStatus.AWAITING_APPROVAL, 1, "bob");

    String blocks = SlackMessages.decided(answered, "Refund USD 89.50 to order A-1", List.of("refund-medium-approval"),
        "Approved", "bob").toJson(JSON).toString();

    assertThat(SlackMessages.awaitsMoreApprovals(answered)).isFalse();
    assertThat(blocks).contains("Approved by bob in Slack").doesNotContain("\"action_id\"");
  }

  @Test
  void given_oneOfTwoApprovals_when_decided_then_progressAndTheButtonsStayForTheOthers() {
    ActionState answered = approved(ActionStatus.AWAITING_APPROVAL, 2, "bob");

    String blocks = SlackMessages.decided(answered, "Refund USD 89.50 to order A-1", List.of("refund-medium-approval"),
        "Approved", "bob").toJson(JSON).toString();

    assertThat(SlackMessages.awaitsMoreApprovals(answered)).isTrue();
    assertThat(blocks).contains("1 of 2 approvals so far.").contains("\"action_id\":\"approve\"");
  }

  private static ActionState approved(ActionStatus status, int required, String approver) {
    ActionState waiting = state(status);
    ApprovalView view = waiting.approval();
    return new ActionState("action-r-1", "r-1", status, "refund", Map.of(), new Actor(ActorType.AI, "support-bot", List.of()),
        null, "conv-1", "chat", waiting.decision(), null,
        new ApprovalView(view.tier(), view.tiers(), view.roles(), required,
            List.of(new ActionState.ApprovalGiven(approver, "ok", Instant.EPOCH, "hash", 1L)), DEADLINE,
            TimeoutOutcome.EXPIRE, null),
        null, Instant.EPOCH, Instant.EPOCH, "hash", "chat-backend");
  }

  private static String render(ActionState state, String what, boolean breached) {
    return SlackMessages.approvalNeeded(state, what, List.of("refund-medium-approval"), breached).toJson(JSON).toString();
  }

  private static ActionState state(ActionStatus status) {
    boolean waiting = status == ActionStatus.AWAITING_APPROVAL;
    return new ActionState("action-r-1", "r-1", status, "refund", Map.of(), new Actor(ActorType.AI, "support-bot", List.of()),
        null, "conv-1", "chat", new DecisionView(Effect.REQUIRE_APPROVAL, 1, List.of("refund-medium-approval"), null),
        null, new ApprovalView(1, 2, List.of("SUPERVISOR"), 1, List.of(), waiting ? DEADLINE : null, TimeoutOutcome.EXPIRE,
            waiting ? null : "timed out"),
        null, Instant.EPOCH, Instant.EPOCH, "hash", "chat-backend");
  }
}
