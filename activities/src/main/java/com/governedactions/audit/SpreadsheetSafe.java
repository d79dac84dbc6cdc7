package com.governedactions.audit;

/**
 * Spreadsheet-formula injection (OWASP "CSV injection"): a cell starting with = + - @, a tab or a
 * carriage return may be run as a formula when the CSV is opened. A leading apostrophe makes it
 * text. The one neutraliser for every CSV the audit trail writes: the search export and the
 * retention export.
 */
final class SpreadsheetSafe {
  private SpreadsheetSafe() {}

  /** The text as a spreadsheet will show it, never evaluate it; null stays null (an empty cell). */
  static String cell(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    return switch (value.charAt(0)) {
      case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
      default -> value;
    };
  }
}
