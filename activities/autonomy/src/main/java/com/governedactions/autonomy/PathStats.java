package com.governedactions.autonomy;

import java.math.BigDecimal;

/**
 * The evidence of one path: one actor's requests of one action type in one amount band and
 * currency, created in the window. Decided approvals count once per action, by its outcome:
 * rejected if anyone rejected, expired if the wait ran out, else approved.
 *
 * @param actorType {@code ai} or {@code human}
 * @param band the band's label, e.g. {@code > 50 and <= 500}
 * @param bandIndex 0 for the lowest band, -1 for actions without an amount
 * @param decided approvals asked for and ended: approved + rejected + expired
 * @param approvalRateLowerBound Wilson 95 % lower bound of approved / decided
 * @param reversedAfterApproval approved actions later reversed
 * @param reversedUpperBound 95 % upper bound of that rate (rule of three when none)
 * @param compensated approved actions whose steps were compensated (a saga rolled back)
 * @param compensatedUpperBound 95 % upper bound of that rate (rule of three when none)
 * @param medianSecondsToDecision from approval asked to its outcome; null without decisions
 * @param rubberStamped approvals the alerts flag as unreviewed: given faster than the alerts'
 *     minimum review time, or linked to a FAST_APPROVAL or APPROVES_EVERYTHING alert
 * @param autoAllowed actions that ran at once, with no human step (AUTO_FIRED)
 * @param autoReversedOrCompensated of those, how many were reversed or compensated
 * @param autoRegressionLowerBound Wilson 95 % lower bound of that rate
 */
public record PathStats(
    String actorType,
    String actorId,
    String actionType,
    String band,
    int bandIndex,
    BigDecimal bandLower,
    BigDecimal bandUpper,
    String currency,
    long decided,
    long approved,
    long rejected,
    long expired,
    double approvalRateLowerBound,
    long reversedAfterApproval,
    double reversedUpperBound,
    long compensated,
    double compensatedUpperBound,
    Double medianSecondsToDecision,
    long rubberStamped,
    long autoAllowed,
    long autoReversedOrCompensated,
    double autoRegressionLowerBound) {

  /** {@code actor:ai:support-bot}: the subject an alert about this path names. */
  String actor() {
    return actorType + ":" + actorId;
  }
}
