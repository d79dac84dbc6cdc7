package com.governedactions.audit;

import com.governedactions.action.ActionStatus;

/**
 * Filter for {@code GET /api/v1/actions}. Null fields do not filter.
 *
 * @param limit page size, 1..200
 * @param cursor opaque cursor from the previous page's {@link ActionListPage#nextCursor()}, or null
 */
public record ActionListFilter(ActionStatus status, String type, String conversationId, int limit, String cursor) {}
