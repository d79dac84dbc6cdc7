package com.governedactions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one neutraliser behind the search export (AuditCsvExporter) and the retention export. */
class SpreadsheetSafeTest {
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
}
