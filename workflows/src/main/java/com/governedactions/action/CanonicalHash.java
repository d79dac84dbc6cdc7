package com.governedactions.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over a canonical JSON form (map keys sorted), so that two requests that mean the same
 * thing hash the same regardless of key order. Pure and deterministic: safe in workflow code.
 */
public final class CanonicalHash {
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
          .build();

  private CanonicalHash() {}

  /** Identity of a whole request: a second request with the same id must hash the same. */
  public static String ofRequest(ActionRequest request) {
    return sha256(request);
  }

  /** Identity of what an approval is bound to: the action type and its parameters. */
  public static String ofAction(String type, java.util.Map<String, Object> params) {
    return sha256(java.util.List.of(type, params));
  }

  private static String sha256(Object value) {
    try {
      byte[] json = CANONICAL.writeValueAsBytes(value);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash " + value.getClass().getSimpleName(), e);
    }
  }

}
