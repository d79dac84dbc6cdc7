package com.governedactions.action;

import io.temporal.common.SearchAttributeKey;
import java.util.Map;

/**
 * What an operator can filter runs by in the Temporal UI: the action type and its status. Never
 * personal data: search attributes are stored unencrypted and indexed by the cluster.
 */
public final class ActionSearchAttributes {
  public static final SearchAttributeKey<String> ACTION_TYPE = SearchAttributeKey.forKeyword("GovernedActionType");
  public static final SearchAttributeKey<String> STATUS = SearchAttributeKey.forKeyword("GovernedActionStatus");

  /** Name → Temporal CLI type, for registering them on a cluster or test service. */
  public static final Map<String, String> DEFINITIONS =
      Map.of(ACTION_TYPE.getName(), "Keyword", STATUS.getName(), "Keyword");

  private ActionSearchAttributes() {}
}
