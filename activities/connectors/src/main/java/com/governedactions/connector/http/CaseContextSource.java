package com.governedactions.connector.http;

import java.util.Map;

/**
 * The whole case behind an action, for calls that hand it to a person (tickets, escalations): the
 * request, the decision and everything already attempted in the conversation. Reachable in
 * templates of calls with {@code case-context: true} as {@code {{context}}}.
 */
public interface CaseContextSource {
  Map<String, Object> forAction(String actionId);
}
