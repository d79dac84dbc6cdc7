package com.governedactions.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * SQL literals for statements that take no bind parameters (COPY). Every value from a request goes
 * through here and comes out as one literal that PostgreSQL reads back as exactly that value.
 */
final class SqlLiteral {
  static final String NUL_REFUSED = "must not contain the NUL character (U+0000), which PostgreSQL text cannot hold";

  private SqlLiteral() {}

  /**
   * A text literal in escape-string form, {@code E'...'}, with every backslash and quote doubled.
   * The E form reads the same whatever the session's standard_conforming_strings says, so no setting
   * can turn a backslash in the value into an escape. NUL cannot be in a PostgreSQL string at all:
   * refused with an {@link IllegalArgumentException}, as pgjdbc refuses it as a bind parameter.
   */
  static String text(String value) {
    StringBuilder literal = new StringBuilder(value.length() + 3).append("E'");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\0' -> throw new IllegalArgumentException("a text filter " + NUL_REFUSED);
        case '\'', '\\' -> literal.append(c).append(c);
        default -> literal.append(c);
      }
    }
    return literal.append('\'').toString();
  }

  /**
   * A timestamptz literal in UTC with six fraction digits. PostgreSQL keeps microseconds; finer
   * instants are rounded half up to the microsecond, as pgjdbc rounds a bound timestamp, so search
   * and export select the same rows. Years before 1 are written the way PostgreSQL reads them (BC).
   */
  static String timestamptz(Instant value) {
    LocalDateTime t = LocalDateTime.ofInstant(value.plusNanos(500).truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    int year = t.getYear();
    return "'%04d-%02d-%02dT%02d:%02d:%02d.%06dZ%s'::timestamptz".formatted(
        year > 0 ? year : 1 - year, t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(),
        t.getSecond(), t.getNano() / 1_000, year > 0 ? "" : " BC");
  }
}
