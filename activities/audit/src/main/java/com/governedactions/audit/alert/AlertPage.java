package com.governedactions.audit.alert;

import java.util.List;

/** Alerts newest first; {@code nextCursor} is null on the last page. */
public record AlertPage(List<Alert> items, String nextCursor) {}
