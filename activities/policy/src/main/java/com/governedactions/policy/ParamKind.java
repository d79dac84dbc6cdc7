package com.governedactions.policy;

/** The shape of one action parameter, as JSON carries it. */
public enum ParamKind {
  /** a non-blank string */
  TEXT,
  /** money: a decimal string greater than 0 with at most 2 decimals, like "89.50" */
  DECIMAL,
  /** an ISO 4217 currency code, like "USD" */
  CURRENCY,
  /** a JSON object with its own {@link ActionParam#fields()} */
  OBJECT
}
