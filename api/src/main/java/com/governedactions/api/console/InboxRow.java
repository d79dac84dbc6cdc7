package com.governedactions.api.console;

import com.governedactions.audit.PendingApproval;
import java.math.BigDecimal;
import java.util.List;

/** One pending action as the inbox shows it; {@code claimedBy} who claimed it, or null. */
record InboxRow(
    String actionId,
    String type,
    BigDecimal amount,
    String currency,
    String customerId,
    String requester,
    String requesterKind,
    Integer tier,
    Integer tiers,
    List<String> roles,
    Integer required,
    List<String> approvedBy,
    String deadline,
    Countdown countdown,
    List<String> rules,
    String reason,
    String claimedBy) {

  /** An unclaimed row. */
  InboxRow(String actionId, String type, BigDecimal amount, String currency, String customerId, String requester,
      String requesterKind, Integer tier, Integer tiers, List<String> roles, Integer required, List<String> approvedBy,
      String deadline, Countdown countdown, List<String> rules, String reason) {
    this(actionId, type, amount, currency, customerId, requester, requesterKind, tier, tiers, roles, required,
        approvedBy, deadline, countdown, rules, reason, null);
  }

  InboxRow withClaimedBy(String holder) {
    return new InboxRow(actionId, type, amount, currency, customerId, requester, requesterKind, tier, tiers, roles,
        required, approvedBy, deadline, countdown, rules, reason, holder);
  }

  static InboxRow of(PendingApproval item, String requesterKind, Countdown countdown, List<String> rules,
      String reason) {
    return new InboxRow(item.actionId(), item.type(), item.amount(), item.currency(), item.customerId(),
        item.actorId(), requesterKind, item.tier(), item.tiers(), item.roles(), item.required(), item.approvedBy(),
        item.deadline() == null ? null : item.deadline().toString(), countdown, rules, reason);
  }
}
