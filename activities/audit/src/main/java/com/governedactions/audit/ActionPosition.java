package com.governedactions.audit;

import java.time.Instant;

/**
 * The last row of a page of actions ordered by (created_at, action_id), as a {@link PageCursor}.
 * PostgreSQL keeps microseconds, so the cursor keeps them exactly. Each list passes its own cursor
 * version, so a cursor from the action list is refused by the approvals queue and the other way round.
 */
record ActionPosition(Instant createdAt, String actionId) {
  String encode(String version) {
    return PageCursor.encode(version, PageCursor.micros(createdAt), actionId);
  }

  static ActionPosition decode(String cursor, String version) {
    return PageCursor.decode(
        cursor, version, 2, fields -> new ActionPosition(PageCursor.fromMicros(fields[0]), fields[1]));
  }
}
