package com.governedactions.codec;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keys of the payload codec that encrypts what Temporal stores (spec section 7).
 *
 * @param keys AES-256 keys by key id, each the Base64 of 32 random bytes, e.g. {@code
 *     governed.codec.keys.k2026=<openssl rand -base64 32>}. Every key listed can decrypt, so after a
 *     rotation keep the old key until no history that uses it is retained. Unset: a fixed key that
 *     is public in this repository, for dev mode only.
 * @param activeKey the key id new payloads are encrypted with; may be left out when there is
 *     exactly one key
 * @param allowedOrigins browser origins (the Temporal UI) allowed to call the codec endpoint
 */
@ConfigurationProperties("governed.codec")
public record CodecProperties(Map<String, String> keys, String activeKey, List<String> allowedOrigins) {
  public static final List<String> DEFAULT_ALLOWED_ORIGINS = List.of("http://localhost:8233");

  public CodecProperties {
    keys = keys == null ? Map.of() : Map.copyOf(keys);
    allowedOrigins = allowedOrigins == null ? DEFAULT_ALLOWED_ORIGINS : List.copyOf(allowedOrigins);
  }
}
