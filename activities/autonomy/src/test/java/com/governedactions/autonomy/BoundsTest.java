package com.governedactions.autonomy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoundsTest {

  @Test
  void given30of30Approved_whenLowerBound_thenWilsonGives0_8865() {
    assertThat(Bounds.wilsonLower(30, 30)).isCloseTo(0.88648, within(1e-5));
  }

  @Test
  void given95of100_whenBounds_thenWilsonIntervalAroundTheRate() {
    // the textbook Wilson interval for 95/100 at z = 1.96: [0.8882, 0.9785]
    assertThat(Bounds.wilsonLower(95, 100)).isCloseTo(0.8882, within(1e-4));
    assertThat(Bounds.wilsonUpper(95, 100)).isCloseTo(0.9785, within(1e-4));
  }

  @Test
  void givenNoDecisions_whenBounds_thenNothingIsKnown() {
    assertThat(Bounds.wilsonLower(0, 0)).isZero();
    assertThat(Bounds.wilsonUpper(0, 0)).isEqualTo(1);
    assertThat(Bounds.rareUpper(0, 0)).isEqualTo(1);
  }

  @Test
  void givenNoReversalIn30_whenRareUpper_thenRuleOfThree() {
    assertThat(Bounds.rareUpper(0, 30)).isEqualTo(0.1);
    assertThat(Bounds.rareUpper(0, 2)).isEqualTo(1);
  }

  @Test
  void givenOneReversalIn30_whenRareUpper_thenWilsonUpper() {
    assertThat(Bounds.rareUpper(1, 30)).isCloseTo(Bounds.wilsonUpper(1, 30), within(1e-12));
    assertThat(Bounds.rareUpper(1, 30)).isCloseTo(0.1667, within(1e-4));
  }

  @Test
  void givenMoreSuccessesThanTrials_whenBound_thenRefused() {
    assertThatThrownBy(() -> Bounds.wilsonLower(31, 30)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givenOddAndEvenCounts_whenMedian_thenMiddleValue() {
    assertThat(Bounds.median(5, 1, 3)).isEqualTo(3);
    assertThat(Bounds.median(4, 1, 3, 2)).isEqualTo(2.5);
    assertThat(Bounds.median()).isNull();
  }
}
