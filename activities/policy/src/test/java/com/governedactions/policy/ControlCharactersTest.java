package com.governedactions.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {

  @Test
  void given_everyC0ControlAndDel_when_checked_then_allButTabLineFeedAndCarriageReturnAreRefused() {
    for (char c = 0; c < 0x20; c++) {
      boolean whitespace = c == '\t' || c == '\n' || c == '\r';
      assertThat(ControlCharacters.in("a" + c + "b")).as("U+%04X", (int) c).isEqualTo(!whitespace);
    }
    assertThat(ControlCharacters.in("a\u007Fb")).isTrue();
  }

  @Test
  void given_ordinaryText_when_checked_then_accepted() {
    assertThat(ControlCharacters.in("Refund, damaged item\r\n\tsecond line — ünïcode \uD83D\uDE00")).isFalse();
    assertThat(ControlCharacters.in("")).isFalse();
    assertThat(ControlCharacters.in(null)).isFalse();
  }
}
