package com.governedactions.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer of a verification: {@code ok} with the number of events checked, or the first broken
 * event and why.
 *
 * @param checked events whose hash and link were checked before the verification stopped
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditVerification(boolean ok, long checked, Broken broken) {

  /**
   * Where verification failed. {@code actionId}, {@code seq} and {@code id} name the event; a
   * failure of a checkpoint or anchor names what it can (the id of a missing event is unknown).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Broken(String actionId, Integer seq, Long id, String reason) {}

  static AuditVerification ok(long checked) {
    return new AuditVerification(true, checked, null);
  }

  static AuditVerification broken(long checked, String actionId, Integer seq, Long id, String reason) {
    return new AuditVerification(false, checked, new Broken(actionId, seq, id, reason));
  }
}
