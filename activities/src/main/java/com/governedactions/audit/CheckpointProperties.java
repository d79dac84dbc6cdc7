package com.governedactions.audit;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code governed.audit.checkpoint.*}: how often the chain heads are signed, with which key, and
 * where the newest checkpoint is written outside the database.
 *
 * @param key HMAC-SHA256 key (its UTF-8 bytes, at least 32); the default is for development only
 * @param keyId names the key in every checkpoint, so a verifier knows which key to use
 * @param directory where {@code latest-checkpoint-<database>.json} and the append-only {@code
 *     checkpoints-<database>.jsonl} are written; put it on storage the database's owner cannot
 *     rewrite
 * @param enabled false stops this process from taking checkpoints (another one may)
 */
@ConfigurationProperties("governed.audit.checkpoint")
public record CheckpointProperties(String key, String keyId, Duration interval, Path directory, Boolean enabled) {
  /** Public on purpose: anyone can forge checkpoints with it. Never use it outside development. */
  public static final String DEV_ONLY_KEY = "DEV-ONLY-audit-checkpoint-key-public-in-source-do-not-use";
  public static final String DEV_ONLY_KEY_ID = "dev-only";
  static final int MIN_KEY_BYTES = 32;

  public CheckpointProperties {
    key = key == null || key.isBlank() ? DEV_ONLY_KEY : key;
    keyId = keyId == null || keyId.isBlank() ? (key.equals(DEV_ONLY_KEY) ? DEV_ONLY_KEY_ID : "default") : keyId;
    interval = interval == null ? Duration.ofMinutes(1) : interval;
    directory = directory == null ? defaultDirectory() : directory;
    enabled = enabled == null || enabled;
    if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "governed.audit.checkpoint.key must be at least " + MIN_KEY_BYTES + " bytes; generate one with"
              + " `openssl rand -base64 48`");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("governed.audit.checkpoint.interval must be positive, such as PT1M; was " + interval);
    }
  }

  static CheckpointProperties defaults() {
    return new CheckpointProperties(null, null, null, null, null);
  }

  static Path defaultDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "governed-audit-checkpoints");
  }

  boolean devKey() {
    return key.equals(DEV_ONLY_KEY);
  }

  CheckpointSigner signer() {
    return new CheckpointSigner(keyId, key);
  }
}
