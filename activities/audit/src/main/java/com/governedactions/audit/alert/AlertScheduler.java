package com.governedactions.audit.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the detectors every {@code governed.alerts.interval}. Safe in several processes at once (a
 * worker and an API, say): the store raises each finding once.
 */
@Component
@ConditionalOnProperty(name = "governed.alerts.enabled", havingValue = "true", matchIfMissing = true)
class AlertScheduler {
  private static final Logger log = LoggerFactory.getLogger(AlertScheduler.class);

  private final AlertDetector detector;
  private final AlertStore store;
  private final Clock clock = Clock.systemUTC();

  AlertScheduler(AlertDetector detector, AlertStore store) {
    this.detector = detector;
    this.store = store;
  }

  @Scheduled(fixedDelayString = "${governed.alerts.interval:PT1M}", initialDelayString = "${governed.alerts.interval:PT1M}")
  void run() {
    try {
      raiseAll(detector.detect(clock.instant()), clock.instant());
    } catch (RuntimeException e) {
      // The next run looks back far enough to catch up; one failed run must not stop the schedule.
      log.warn("unusual-activity detection failed; retrying in the next run: {}", e.toString());
    }
  }

  /** Stores what is new; the number of alerts raised. */
  int raiseAll(List<Finding> findings, Instant now) {
    int raised = 0;
    for (Finding finding : findings) {
      if (store.raise(finding, now).isPresent()) {
        raised++;
        log.warn("alert {}: {}", finding.kind(), finding.summary());
      }
    }
    return raised;
  }
}
