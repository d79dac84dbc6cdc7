package com.governedactions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
