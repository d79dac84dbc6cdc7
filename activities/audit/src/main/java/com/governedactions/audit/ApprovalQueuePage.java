package com.governedactions.audit;

import java.util.List;

/** One page of the approvals queue, oldest first; {@code nextCursor} is null on the last page. */
public record ApprovalQueuePage(List<PendingApproval> items, String nextCursor) {}
