package com.governedactions.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The audit trail's HMAC-SHA256 key: event hashes, checkpoints and retention anchors are keyed with
 * it, each message starting with its own version tag so none can pass for another. Without the key
 * nobody, not even the database's owner, can make a changed row verify.
 */
public final class AuditKey {
  private final String keyId;
  private final SecretKeySpec key;

  public AuditKey(String keyId, String key) {
    this.keyId = keyId;
    this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  String keyId() {
    return keyId;
  }

  byte[] sign(byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    }
  }

  boolean verifies(byte[] message, byte[] signature) {
    return signature != null && MessageDigest.isEqual(sign(message), signature);
  }

  static byte[] checkpointMessage(
      long id, Instant createdAt, byte[] prevSignature, int headCount, byte[] headsDigest, String keyId) {
    return new Canonical()
        .text("governed-audit-checkpoint-v1")
        .number(id)
        .instant(createdAt)
        .bytes(prevSignature)
        .number(headCount)
        .bytes(headsDigest)
        .text(keyId)
        .toBytes();
  }

  static byte[] anchorMessage(
      String actionId, int seq, byte[] hash, int removedEvents, Instant cutoff, String exportFile,
      Instant removedAt, String keyId) {
    return new Canonical()
        .text("governed-audit-retention-anchor-v1")
        .text(actionId)
        .number(seq)
        .bytes(hash)
        .number(removedEvents)
        .instant(cutoff)
        .text(exportFile)
        .instant(removedAt)
        .text(keyId)
        .toBytes();
  }
}
