package com.governedactions.audit;

import java.time.Instant;

/** Who claimed a pending approval, and when (docs/console.md: a coordination hint, not a lock). */
public record ApprovalClaim(String actionId, String claimedBy, Instant claimedAt) {}
