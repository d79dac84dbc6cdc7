package com.governedactions.action.directory;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Who a principal is. Signals name an approver by id only; the workflow asks here for their kind
 * and roles, so a role can never come from the signal's payload.
 */
@ActivityInterface
public interface DirectoryActivities {
  @ActivityMethod(name = "LookupPrincipal")
  PrincipalInfo lookup(PrincipalLookup lookup);
}
