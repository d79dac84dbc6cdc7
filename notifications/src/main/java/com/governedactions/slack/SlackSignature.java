package com.governedactions.slack;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature: {@code v0=} + hex HMAC-SHA256 of {@code v0:<timestamp>:<raw body>}
 * under the app's signing secret. A request is refused if its timestamp is further from now than
 * the tolerance (a captured request cannot be replayed later) or if the signature differs, compared
 * in constant time.
 */
final class SlackSignature {
  private static final String VERSION = "v0";

  private final byte[] secret;
  private final Duration tolerance;

  SlackSignature(String signingSecret, Duration tolerance) {
    this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
    this.tolerance = tolerance;
  }

  /** Why the request is not from Slack, or empty when it is. */
  Optional<String> problem(String timestamp, String signature, byte[] body, Instant now) {
    if (timestamp == null || signature == null) {
      return Optional.of("X-Slack-Request-Timestamp and X-Slack-Signature are required");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return Optional.of("X-Slack-Request-Timestamp is not a number of seconds");
    }
    if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
      return Optional.of("the request timestamp is more than " + tolerance.toMinutes() + " minutes off");
    }
    byte[] expected = sign(timestamp.trim(), body).getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.UTF_8))) {
      return Optional.of("the signature does not match");
    }
    return Optional.empty();
  }

  /** The header value Slack sends for this timestamp and body. */
  String sign(String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
