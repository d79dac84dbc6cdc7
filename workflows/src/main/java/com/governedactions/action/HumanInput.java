package com.governedactions.action;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One human input, as the REST API sends it through the {@code decide} update so that it learns at
 * once whether it was accepted. Signals are turned into the same input, so every way in is checked
 * by the same code.
 *
 * @param by who gives the input: an approver for APPROVE/REJECT, the relaying client otherwise
 * @param text comment (approve) or reason (reject, cancel)
 * @param shownTextSha256 CONFIRM only, optional: the hash of the text the customer was shown (see
 *     {@link Confirm#shownTextSha256()}); left out of the JSON when null, as in inputs before it existed
 */
public record HumanInput(
    Kind kind, String by, String text, @JsonInclude(JsonInclude.Include.NON_NULL) String shownTextSha256) {
  public HumanInput(Kind kind, String by, String text) {
    this(kind, by, text, null);
  }

  public enum Kind {
    APPROVE,
    REJECT,
    CONFIRM,
    CANCEL
  }

  public static HumanInput of(Approve approve) {
    return new HumanInput(Kind.APPROVE, approve.approver(), approve.comment());
  }

  public static HumanInput of(Reject reject) {
    return new HumanInput(Kind.REJECT, reject.approver(), reject.reason());
  }

  public static HumanInput of(Confirm confirm) {
    return confirm == null
        ? new HumanInput(Kind.CONFIRM, null, null)
        : new HumanInput(Kind.CONFIRM, confirm.by(), null, confirm.shownTextSha256());
  }

  public static HumanInput of(Cancel cancel) {
    return new HumanInput(Kind.CANCEL, cancel == null ? null : cancel.by(), cancel == null ? null : cancel.reason());
  }
}
