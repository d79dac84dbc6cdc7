package com.governedactions.api;

import com.governedactions.policy.ControlCharacters;
import java.util.List;

/**
 * Free text a request carries (a reason, a comment, an id) is stored in the audit trail, where a
 * control character (NUL above all) fails every later write of the action. Refused at the door,
 * naming the field, before anything is started or signalled.
 */
public final class TextFields {
  private TextFields() {}

  /** Adds a problem naming {@code field} when {@code value} holds a control character. */
  public static void check(String field, String value, List<FieldProblem> problems) {
    if (ControlCharacters.in(value)) {
      problems.add(new FieldProblem(field, ControlCharacters.RULE));
    }
  }

  /** A 422 naming {@code field} when {@code value} holds a control character; nothing otherwise. */
  public static void require(String field, String value) {
    if (ControlCharacters.in(value)) {
      throw ApiProblem.invalid("invalid-request", "Invalid request",
          "'" + field + "' " + ControlCharacters.RULE + ": remove them and send the request again.",
          List.of(new FieldProblem(field, ControlCharacters.RULE)));
    }
  }
}
