package com.governedactions.policy;

import java.util.List;

/**
 * One parameter of an action type.
 *
 * @param fields the members of an {@link ParamKind#OBJECT} parameter; empty otherwise
 */
public record ActionParam(String name, ParamKind kind, boolean required, String description, List<ActionParam> fields) {
  public ActionParam {
    fields = fields == null ? List.of() : List.copyOf(fields);
  }

  static ActionParam required(String name, ParamKind kind, String description) {
    return new ActionParam(name, kind, true, description, List.of());
  }

  static ActionParam optional(String name, ParamKind kind, String description) {
    return new ActionParam(name, kind, false, description, List.of());
  }

  static ActionParam requiredObject(String name, String description, List<ActionParam> fields) {
    return new ActionParam(name, ParamKind.OBJECT, true, description, fields);
  }
}
