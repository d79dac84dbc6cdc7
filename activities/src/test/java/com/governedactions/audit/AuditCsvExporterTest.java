package com.governedactions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditCsvExporterTest {

  @ParameterizedTest
  @ValueSource(strings = {"=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"})
  void given_cellStartingWithFormulaCharacter_when_exported_then_prefixedWithQuote(String text) {
    assertThat(AuditCsvExporter.cell(text)).isEqualTo("'" + text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"damaged", "A-1001", " =not first", "{\"a\":1}", "'quoted"})
  void given_ordinaryCell_when_exported_then_unchanged(String text) {
    assertThat(AuditCsvExporter.cell(text)).isEqualTo(text);
  }
}
