package com.governedactions.autonomy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When evidence is enough to propose a change ({@code governed.autonomy.*}).
 *
 * @param minDecisions decided approvals a path needs before it can be relaxed
 * @param minLowerBound the Wilson 95 % lower bound of its approval rate must reach this
 * @param ceilings per action type and currency, the largest amount a relaxation may ever cover;
 *     a type or currency without one is never relaxed, and no suggestion raises a ceiling
 * @param regressionThreshold an auto-allowed path whose reversal-or-compensation rate has a lower
 *     bound at or above this raises an AUTONOMY_REGRESSION alert with a tightening suggestion
 * @param reviewTime supervisor time one approval takes, for the hours a relaxation saves
 * @param window the window when a request names none: the last this long
 */
@ConfigurationProperties("governed.autonomy")
public record AutonomyProperties(
    @DefaultValue("30") int minDecisions,
    @DefaultValue("0.95") double minLowerBound,
    @DefaultValue Map<String, Map<String, BigDecimal>> ceilings,
    @DefaultValue("0.05") double regressionThreshold,
    @DefaultValue("PT5M") Duration reviewTime,
    @DefaultValue("P30D") Duration window) {

  public AutonomyProperties {
    ceilings = ceilings == null ? Map.of() : Map.copyOf(ceilings);
  }

  /** The ceiling of {@code type} in {@code currency}, or null: then it is never relaxed. */
  BigDecimal ceiling(String type, String currency) {
    Map<String, BigDecimal> byCurrency = ceilings.get(type);
    return byCurrency == null || currency == null ? null : byCurrency.get(currency);
  }
}
