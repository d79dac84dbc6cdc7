package com.governedactions.audit;

import java.util.List;

/** One page of audit events, newest first; {@code nextCursor} is null on the last page. */
public record AuditPage(List<AuditRecord> items, String nextCursor) {}
