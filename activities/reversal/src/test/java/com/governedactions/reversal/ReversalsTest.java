package com.governedactions.reversal;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.policy.ActionCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReversalsTest {
  private final Reversals reversals = new Reversals(new ActionCatalog(),
      new ReversalProperties(Map.of("refund", Duration.ofDays(30), "cancel_order", Duration.ofDays(30))));

  @Test
  void given_refundWithAWindow_when_checked_then_reversibleUntilTheWindowCloses() {
    assertThat(reversals.whyNotReversible("refund")).isEmpty();
    assertThat(reversals.closesAt("refund", Instant.parse("2026-01-01T00:00:00Z")))
        .isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
  }

  @Test
  void given_aStepWithoutCompensation_when_checked_then_namedAsTheReason() {
    assertThat(reversals.whyNotReversible("cancel_order")).hasValueSatisfying(
        why -> assertThat(why).contains("no compensation for orders.cancel"));
  }

  @Test
  void given_typeWithoutAWindow_when_checked_then_namesTheProperty() {
    assertThat(reversals.whyNotReversible("apply_discount")).hasValueSatisfying(
        why -> assertThat(why).contains("governed.reversal.windows.apply_discount"));
  }

  @Test
  void given_aReversal_when_checked_then_notReversibleItself() {
    assertThat(reversals.whyNotReversible(ActionCatalog.REVERSAL)).isPresent();
  }

  @Test
  void given_longRequestId_when_derived_then_stillAValidRequestIdAndStable() {
    String longId = "x".repeat(128);

    String derived = Reversals.reversalRequestId(longId);

    assertThat(derived).hasSizeLessThanOrEqualTo(128).startsWith("reverse.").isEqualTo(Reversals.reversalRequestId(longId));
    assertThat(Reversals.reversalActionId("r-1")).isEqualTo("action-reverse.r-1");
  }
}
