package com.governedactions.autonomy;

import com.governedactions.audit.alert.AlertKind;
import com.governedactions.audit.alert.AlertStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Raises AUTONOMY_REGRESSION through the alerts' store: once per path, policy version and
 * tightening (the fingerprint), so reading the same evidence again raises nothing new.
 */
@Component
class RegressionAlerts {
  private final AlertStore alerts;
  private final Clock clock;

  @Autowired
  RegressionAlerts(AlertStore alerts) {
    this(alerts, Clock.systemUTC());
  }

  RegressionAlerts(AlertStore alerts, Clock clock) {
    this.alerts = alerts;
    this.clock = clock;
  }

  /** @return whether this raised a new alert */
  boolean raise(Suggestion tightening) {
    PathStats path = tightening.evidence();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("band", path.band());
    details.put("currency", path.currency());
    details.put("autoAllowed", path.autoAllowed());
    details.put("reversedOrCompensated", path.autoReversedOrCompensated());
    details.put("lowerBound", path.autoRegressionLowerBound());
    details.put("suggestionId", tightening.id());
    details.put("basedOnVersion", tightening.basedOnVersion());
    details.put("patch", PolicyPatches.JSON.convertValue(tightening.patch(), Object.class));
    return alerts.raise(AlertKind.AUTONOMY_REGRESSION, tightening.id(), "actor:" + path.actorId(), path.actionType(),
        tightening.summary(), details, List.of(), clock.instant()).isPresent();
  }
}
