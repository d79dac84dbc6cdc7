package com.governedactions.rules;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Placeholder so the api branch compiles; the policy branch replaces this file. */
@Component
public class ActionCatalog {
  /** Human-readable problems with the parameters of an action of this type; empty when valid. */
  public List<String> validate(String type, Map<String, Object> params) {
    throw new UnsupportedOperationException("placeholder: the policy branch provides ActionCatalog");
  }
}
