package com.governedactions.audit;

import org.springframework.stereotype.Component;

/** Placeholder so the api branch compiles; the audit branch replaces this file. */
@Component
public class ActionListRepository {
  public ActionListPage find(ActionListFilter filter) {
    throw new UnsupportedOperationException("placeholder: the audit branch provides ActionListRepository");
  }
}
