package com.governedactions.audit;

import java.util.List;

/** One page of actions, newest first; {@code nextCursor} is null on the last page. */
public record ActionListPage(List<ActionListItem> items, String nextCursor) {}
