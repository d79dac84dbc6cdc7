package com.governedactions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one neutralising rule, in its Java form (the retention export) and its SQL form (the search
 * export, which PostgreSQL writes): each form is held to the rule, and the two to each other.
 */
class SpreadsheetSafeTest {
  private static final String[] CELLS = {
    "=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=", "+", "-", "@", "\t", "\r", "'=already", "", " =1", "a=b",
    "\n=1", "\u00a0=1", "\uff1d1", "refund", "{\"a\":1}", "-5", "é", "日本", "🚀=",
  };

  @Test
  void given_cellStartingWithAFormulaCharacter_when_written_then_anApostropheMakesItText() {
    for (String risky : new String[] {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"}) {
      assertThat(SpreadsheetSafe.cell(risky)).isEqualTo("'" + risky);
    }
  }

  @Test
  void given_ordinaryCell_when_written_then_unchanged() {
    for (String plain : new String[] {"", "refund", "1.50", "a=b", " =1"}) {
      assertThat(SpreadsheetSafe.cell(plain)).isEqualTo(plain);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"})
  void given_cellStartingWithFormulaCharacter_when_exported_then_prefixedWithQuote(String text) {
    assertThat(SpreadsheetSafe.cell(text)).isEqualTo("'" + text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"damaged", "A-1001", " =not first", "{\"a\":1}", "'quoted"})
  void given_ordinaryCell_when_exported_then_unchanged(String text) {
    assertThat(SpreadsheetSafe.cell(text)).isEqualTo(text);
  }

  @Test
  void given_nullCell_when_exported_then_staysEmpty() {
    assertThat(SpreadsheetSafe.cell(null)).isNull();
  }

  @Test
  void given_anyCell_when_neutralisedInSql_then_exactlyWhatTheJavaFormGives() throws SQLException {
    try (Connection connection = TestDatabase.DATA_SOURCE.getConnection();
        Statement statement = connection.createStatement()) {
      for (String text : CELLS) {
        try (ResultSet rs = statement.executeQuery("SELECT " + SpreadsheetSafe.sql(SqlLiteral.text(text)))) {
          rs.next();
          assertThat(rs.getString(1)).as("SQL form of %s", text).isEqualTo(SpreadsheetSafe.cell(text));
        }
      }
      try (ResultSet rs = statement.executeQuery("SELECT " + SpreadsheetSafe.sql("NULL::text"))) {
        rs.next();
        assertThat(rs.getString(1)).isNull();
      }
    }
  }
}
