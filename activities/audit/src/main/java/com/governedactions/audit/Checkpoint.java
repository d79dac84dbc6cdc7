package com.governedactions.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One signed checkpoint, as stored in {@code governed.audit_checkpoint} and, for the newest, in the
 * file outside the database. Byte fields are hex so the file and the log line are readable.
 */
record Checkpoint(
    String database,
    long id,
    Instant createdAt,
    String prevSignature,
    int headCount,
    String headsDigest,
    String keyId,
    String signature) {

  @JsonIgnore
  byte[] message() {
    return AuditKey.checkpointMessage(
        id, createdAt, bytes(prevSignature), headCount, bytes(headsDigest), keyId);
  }

  static byte[] bytes(String hex) {
    return hex == null ? null : HexFormat.of().parseHex(hex);
  }

  String logLine() {
    return "audit checkpoint database=" + database + " id=" + id + " createdAt=" + createdAt + " heads=" + headCount
        + " headsDigest=" + headsDigest + " prevSignature=" + prevSignature + " keyId=" + keyId
        + " signature=" + signature;
  }
}
