package com.governedactions.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Literals for COPY, which takes no bind parameters: PostgreSQL must read back exactly the value. */
class SqlLiteralTest {
  private static final String[] HOSTILE = {
    "plain", "", "it's", "''", "\\", "\\'", "'\\", "\\\\'", "x'); DROP TABLE governed.audit_event; --",
    "\\'); DROP TABLE governed.audit_event; --", "E'\\x41'", "\\x41\\n\\t", "$$", "$q$ $q$", "line\nbreak\r\n",
    "tab\there", "é ü 日本 🚀", "--", "/* */", ";", "\"quoted\"", "\\.",
  };

  @Test
  void given_hostileText_when_readBackByPostgres_then_exactlyTheValue_whateverStandardConformingStrings()
      throws SQLException {
    for (String setting : new String[] {"on", "off"}) {
      try (Connection connection = TestDatabase.DATA_SOURCE.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("SET standard_conforming_strings = " + setting);
        for (String value : HOSTILE) {
          try (ResultSet rs = statement.executeQuery("SELECT " + SqlLiteral.text(value))) {
            rs.next();
            assertThat(rs.getString(1)).as("standard_conforming_strings=%s: %s", setting, value).isEqualTo(value);
          }
        }
      }
    }
  }

  @Test
  void given_textWithNul_when_quoted_then_refusedNamingTheCharacter() {
    assertThatThrownBy(() -> SqlLiteral.text("C-42\0' OR 1=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL character (U+0000)");
  }

  @Test
  void given_text_when_quoted_then_oneEscapeStringLiteral() {
    assertThat(SqlLiteral.text("a'b\\c")).isEqualTo("E'a''b\\\\c'");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2025-06-01T08:00:00Z", "2025-06-01T08:00:00.000001Z", "2025-06-01T08:00:00.123Z",
      "2025-06-01T08:00:00.999999499Z", "2025-06-01T08:00:00.999999500Z", "2025-06-01T08:00:00.000000500Z",
      "1999-12-31T23:59:59.999999999Z", "0001-01-01T00:00:00Z", "0000-06-01T00:00:00Z", "-0100-06-01T12:00:00.5Z",
      "9999-12-31T23:59:59.999999Z"})
  void given_instant_when_writtenAsLiteral_then_postgresReadsTheValuePgjdbcWouldBind(String text) throws SQLException {
    Instant instant = Instant.parse(text);
    try (Connection connection = TestDatabase.DATA_SOURCE.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT " + SqlLiteral.timestamptz(instant) + " = ?::timestamptz")) {
      statement.setObject(1, instant.atOffset(ZoneOffset.UTC));
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        assertThat(rs.getBoolean(1)).as(SqlLiteral.timestamptz(instant)).isTrue();
      }
    }
  }

  @Test
  void given_subMicrosecondInstant_when_writtenAsLiteral_then_roundedHalfUpToTheMicrosecond() throws SQLException {
    try (Connection connection = TestDatabase.DATA_SOURCE.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT " + SqlLiteral.timestamptz(Instant.parse("2025-06-01T08:00:00.0000015Z")) + ", "
                + SqlLiteral.timestamptz(Instant.parse("2025-06-01T08:00:00.0000014Z")))) {
      rs.next();
      assertThat(rs.getObject(1, OffsetDateTime.class).toInstant()).isEqualTo("2025-06-01T08:00:00.000002Z");
      assertThat(rs.getObject(2, OffsetDateTime.class).toInstant()).isEqualTo("2025-06-01T08:00:00.000001Z");
    }
  }
}
