package com.governedactions.policy;

import java.util.List;

/**
 * A bean that adds action types to the {@link ActionCatalog} beside the built-in ones, for example
 * the types declared in configuration for the HTTP connector. A name already in the catalog stops
 * the service at start.
 */
public interface ActionTypeContributor {
  List<ActionType> actionTypes();
}
