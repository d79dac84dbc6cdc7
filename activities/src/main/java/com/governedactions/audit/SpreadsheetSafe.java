package com.governedactions.audit;

/**
 * Spreadsheet-formula injection: a cell starting with = + - @, a tab or a carriage return may be run
 * as a formula when the CSV is opened. A leading apostrophe makes it text.
 */
final class SpreadsheetSafe {
  private SpreadsheetSafe() {}

  static String cell(String value) {
    if (value.isEmpty()) {
      return value;
    }
    return switch (value.charAt(0)) {
      case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
      default -> value;
    };
  }
}
