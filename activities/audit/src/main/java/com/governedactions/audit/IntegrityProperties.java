package com.governedactions.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code governed.audit.integrity.*}: the key that makes the audit trail tamper-evident, and the
 * checkpoints kept outside the database (docs/audit-integrity.md).
 *
 * @param key HMAC-SHA256 key (its UTF-8 bytes, at least 32) for event hashes, checkpoints and
 *     retention anchors; the default is public and for development only
 * @param keyId names the key in every checkpoint and anchor
 * @param checkpointInterval how often the chain heads that moved are signed
 * @param checkpointDirectory where {@code latest-checkpoint-<database>.json} and the append-only
 *     {@code checkpoints-<database>.jsonl} are written; put it where the database's owner cannot
 *     rewrite it
 * @param checkpointsEnabled false: this process takes no checkpoints (another one may)
 */
@ConfigurationProperties("governed.audit.integrity")
public record IntegrityProperties(
    String key, String keyId, Duration checkpointInterval, Path checkpointDirectory, Boolean checkpointsEnabled) {
  /** Public on purpose: anyone can forge audit hashes with it. Never use it outside development. */
  public static final String DEV_ONLY_KEY = "DEV-ONLY-audit-integrity-key-public-in-source-do-not-use";
  public static final String DEV_ONLY_KEY_ID = "dev-only";
  static final int MIN_KEY_BYTES = 32;

  public IntegrityProperties {
    key = key == null || key.isBlank() ? DEV_ONLY_KEY : key;
    keyId = keyId == null || keyId.isBlank() ? (key.equals(DEV_ONLY_KEY) ? DEV_ONLY_KEY_ID : "default") : keyId;
    checkpointInterval = checkpointInterval == null ? Duration.ofMinutes(1) : checkpointInterval;
    checkpointDirectory = checkpointDirectory == null ? defaultDirectory() : checkpointDirectory;
    checkpointsEnabled = checkpointsEnabled == null || checkpointsEnabled;
    if (key.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("governed.audit.integrity.key must be at least " + MIN_KEY_BYTES
          + " bytes; generate one with `openssl rand -base64 48`");
    }
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException(
          "governed.audit.integrity.checkpoint-interval must be positive, such as PT1M; was " + checkpointInterval);
    }
  }

  static IntegrityProperties defaults() {
    return new IntegrityProperties(null, null, null, null, null);
  }

  static Path defaultDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "governed-audit-checkpoints");
  }

  boolean devKey() {
    return key.equals(DEV_ONLY_KEY);
  }

  public AuditKey auditKey() {
    return new AuditKey(keyId, key);
  }
}
