package com.governedactions.policy;

/** How much harm a wrong execution of an action type can do; shown in the catalog. */
public enum RiskTier {
  LOW,
  MEDIUM,
  HIGH
}
