package com.governedactions.directory;

import com.governedactions.action.directory.DirectoryActivities;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.action.directory.PrincipalLookup;
import org.springframework.stereotype.Component;

/** Answers the workflow's "who is this principal?" from the same directory the API authenticates with. */
@Component("directoryActivities")
class DirectoryActivitiesImpl implements DirectoryActivities {
  private final PrincipalDirectory directory;

  public DirectoryActivitiesImpl(PrincipalDirectory directory) {
    this.directory = directory;
  }

  @Override
  public PrincipalInfo lookup(PrincipalLookup lookup) {
    return directory.byId(lookup.principalId());
  }
}
