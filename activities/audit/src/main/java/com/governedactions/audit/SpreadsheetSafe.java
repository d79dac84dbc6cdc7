package com.governedactions.audit;

import java.util.stream.Collectors;

/**
 * Spreadsheet-formula injection (OWASP "CSV injection"): a cell starting with = + - @, a tab or a
 * carriage return may be run as a formula when the CSV is opened. A leading apostrophe makes it
 * text. The one rule for every CSV the audit trail writes, in two forms: {@link #cell} in Java for
 * the retention export, {@link #sql} in SQL for the search export, which PostgreSQL writes itself.
 * Both are built from {@link #FORMULA_STARTS}, and SpreadsheetSafeTest holds them to the same answers.
 */
final class SpreadsheetSafe {
  /** The first characters that make a spreadsheet read a cell as a formula. */
  static final String FORMULA_STARTS = "=+-@\t\r";

  private static final String SQL_STARTS =
      FORMULA_STARTS.chars().mapToObj(c -> SqlLiteral.text(Character.toString(c))).collect(Collectors.joining(", "));

  private SpreadsheetSafe() {}

  /** The text as a spreadsheet will show it, never evaluate it; null stays null (an empty cell). */
  static String cell(String value) {
    if (value == null || value.isEmpty() || FORMULA_STARTS.indexOf(value.charAt(0)) < 0) {
      return value;
    }
    return "'" + value;
  }

  /**
   * {@link #cell} as a SQL expression over the text expression {@code text}: the same value for every
   * input, null included (left(NULL, 1) is NULL, never IN the list, so the ELSE keeps it NULL).
   */
  static String sql(String text) {
    return "CASE WHEN left(%1$s, 1) IN (%2$s) THEN '''' || %1$s ELSE %1$s END".formatted(text, SQL_STARTS);
  }
}
