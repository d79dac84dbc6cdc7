package com.governedactions.action;

import java.time.Duration;
import java.util.List;

/** One escalation tier: any holder of one of {@code roles} may approve within {@code sla}. */
public record ApprovalTier(List<String> roles, Duration sla) {
  public ApprovalTier {
    roles = List.copyOf(roles);
  }
}
