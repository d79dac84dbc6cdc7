package com.governedactions.autonomy;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/autonomy}: the evidence per path, and what it supports.
 *
 * @param policyVersion the active version whose amount cuts made the bands
 * @param suggestions relaxations the guards let through
 * @param regressions tightenings of auto-allowed paths that went wrong too often
 * @param note why the answer is empty, when it is
 */
public record AutonomyReport(
    Instant from,
    Instant to,
    String actionType,
    long policyVersion,
    List<PathStats> paths,
    List<Suggestion> suggestions,
    List<Suggestion> regressions,
    String note) {}
