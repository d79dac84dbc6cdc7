package com.governedactions.autonomy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.governedactions.action.audit.AuditEventType;
import com.governedactions.audit.AuditTestSupport;
import com.governedactions.audit.alert.AlertProperties;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one aggregation query against real PostgreSQL, on seeded histories with known answers. */
class AutonomyStatisticsTest {
  private final Seeded seeded = new Seeded();
  private final AutonomyStatistics statistics =
      new AutonomyStatistics(AuditTestSupport.client(), AlertProperties.defaults());
  private final AmountBands bands = AmountBands.of(Seeded.defaultDocument());

  @AfterEach
  void deleteRows() {
    seeded.delete();
  }

  private List<PathStats> mine() {
    return statistics.paths(bands, null, seeded.from, seeded.to).stream()
        .filter(p -> p.actorId().startsWith(seeded.prefix)).toList();
  }

  @Test
  void given30of30MediumRefundsApproved_whenPaths_thenOnePathWithLowerBound0_886AndRuleOfThree() {
    String bot = seeded.bot("support-bot");
    for (int i = 0; i < 30; i++) {
      seeded.approvedRefund(bot, "80.00", i);
    }

    List<PathStats> paths = mine();

    assertThat(paths).hasSize(1);
    PathStats path = paths.get(0);
    assertThat(path.actorType()).isEqualTo("ai");
    assertThat(path.actorId()).isEqualTo(bot);
    assertThat(path.actionType()).isEqualTo("refund");
    assertThat(path.band()).isEqualTo("> 50 and <= 500");
    assertThat(path.bandLower()).isEqualByComparingTo(new BigDecimal("50"));
    assertThat(path.bandUpper()).isEqualByComparingTo(new BigDecimal("500"));
    assertThat(path.currency()).isEqualTo("USD");
    assertThat(path.decided()).isEqualTo(30);
    assertThat(path.approved()).isEqualTo(30);
    assertThat(path.approvalRateLowerBound()).isCloseTo(0.8865, within(1e-4));
    assertThat(path.reversedAfterApproval()).isZero();
    assertThat(path.reversedUpperBound()).isCloseTo(0.1, within(1e-12));
    assertThat(path.compensatedUpperBound()).isCloseTo(0.1, within(1e-12));
    // asked 10 min after the request, approved 10 min later
    assertThat(path.medianSecondsToDecision()).isEqualTo(600.0);
    assertThat(path.rubberStamped()).isZero();
  }

  @Test
  void givenRejectedExpiredAndReversed_whenPaths_thenEachOutcomeCountedOnce() {
    String bot = seeded.bot("bot");
    seeded.approvedRefund(bot, "80.00", 1);
    seeded.approvedRefund(bot, "90.00", 2, AuditEventType.REVERSED);
    seeded.action("refund", bot, "70.00", 3, AuditEventType.APPROVAL_REQUESTED, AuditEventType.REJECTED);
    seeded.action("refund", bot, "60.00", 4, AuditEventType.APPROVAL_REQUESTED, AuditEventType.APPROVAL_TIMED_OUT);
    seeded.action("refund", bot, "60.00", 5, AuditEventType.APPROVAL_REQUESTED); // still waiting

    PathStats path = mine().get(0);

    assertThat(path.decided()).isEqualTo(4);
    assertThat(path.approved()).isEqualTo(2);
    assertThat(path.rejected()).isEqualTo(1);
    assertThat(path.expired()).isEqualTo(1);
    assertThat(path.reversedAfterApproval()).isEqualTo(1);
    assertThat(path.reversedUpperBound()).isCloseTo(Bounds.wilsonUpper(1, 2), within(1e-12));
  }

  @Test
  void givenAmountsInEveryBand_whenPaths_thenBandsFollowThePolicyCuts() {
    String bot = seeded.bot("bot");
    seeded.action("refund", bot, "50.00", 1, AuditEventType.CONFIRMATION_REQUESTED);
    seeded.approvedRefund(bot, "50.01", 2);
    seeded.action("refund", bot, "900.00", 3, AuditEventType.DENIED);

    assertThat(mine()).extracting(PathStats::band)
        .containsExactly("<= 50", "> 50 and <= 500", "> 500");
  }

  @Test
  void givenAutoFiredDiscountsWithCompensation_whenPaths_thenAutoPathAndItsRegressionBound() {
    String bot = seeded.bot("bot");
    for (int i = 0; i < 10; i++) {
      seeded.action("apply_discount", bot, "10.00", i, AuditEventType.AUTO_FIRED, AuditEventType.SUCCEEDED);
    }
    seeded.action("apply_discount", bot, "10.00", 11, AuditEventType.AUTO_FIRED, AuditEventType.COMPENSATED);

    PathStats path = mine().get(0);

    assertThat(path.band()).isEqualTo("<= 20");
    assertThat(path.decided()).isZero();
    assertThat(path.autoAllowed()).isEqualTo(11);
    assertThat(path.autoReversedOrCompensated()).isEqualTo(1);
    assertThat(path.autoRegressionLowerBound()).isCloseTo(Bounds.wilsonLower(1, 11), within(1e-12));
  }

  @Test
  void givenAWindowWithoutData_whenPaths_thenNone() {
    assertThat(mine()).isEmpty();
  }
}
