package com.governedactions.samplestore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The {@code Idempotency-Key} contract of every mutating endpoint, implemented once. The key row is
 * claimed with {@code INSERT ... ON CONFLICT DO NOTHING} in the same transaction as the effect, so
 * a concurrent call with the same key waits for the first one and then reads its answer:
 *
 * <ul>
 *   <li>first call: runs the effect and stores its answer, a refusal (4xx) included;
 *   <li>same key, same request: replays the stored status and body, doing nothing again;
 *   <li>same key, different request: 422 {@code idempotency_key_reused}.
 * </ul>
 *
 * An unexpected error rolls everything back, key included, so the call can simply be retried.
 */
@Component
@ConditionalOnSampleStore
class Idempotency {
  static final String HEADER = "Idempotency-Key";
  private static final int MAX_KEY_LENGTH = 255;
  /** request_hash of a key whose call was compensated before it ever arrived. */
  private static final String REVOKED = "revoked";

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
          .build();

  private final SampleStoreDatabase database;
  private final ObjectMapper json;

  Idempotency(SampleStoreDatabase database, ObjectMapper json) {
    this.database = database;
    this.json = json;
  }

  /** The header's value, or a 400 that says what is missing. */
  static String requireKey(String key) {
    if (key == null || key.isBlank()) {
      throw new StoreException(HttpStatus.BAD_REQUEST, "idempotency_key_required",
          "the " + HEADER + " header is required on every call that changes something");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw new StoreException(HttpStatus.BAD_REQUEST, "idempotency_key_invalid",
          "the " + HEADER + " header must be at most " + MAX_KEY_LENGTH + " characters");
    }
    return key;
  }

  /**
   * Runs {@code effect} at most once per key.
   *
   * @param request the validated request; with {@code operation} it makes the hash a reused key is
   *     checked against
   */
  StoreResponse run(String key, StoreOperation operation, Object request, Supplier<StoreResponse> effect) {
    String hash = hash(operation, request);
    return database.transaction().execute(status -> claim(key, hash) ? firstCall(key, effect) : replay(key, hash));
  }

  /**
   * Inside a compensation's transaction: makes sure the call under {@code forwardKey} can no longer
   * take effect. Returns true when that call never arrived; a late arrival is then answered 409
   * {@code idempotency_key_revoked} instead of being executed after its own undo.
   */
  boolean revokeIfUnused(String forwardKey) {
    StoreException revoked = new StoreException(HttpStatus.CONFLICT, "idempotency_key_revoked",
        "the call under this " + HEADER + " was compensated before it arrived; it will not be executed");
    return database.jdbc()
            .sql("""
                INSERT INTO sample_store.idempotency_keys
                    (idempotency_key, request_hash, response_status, response_body)
                VALUES (:key, :hash, :status, CAST(:body AS json))
                ON CONFLICT (idempotency_key) DO NOTHING""")
            .param("key", forwardKey)
            .param("hash", REVOKED)
            .param("status", revoked.status().value())
            .param("body", write(json.valueToTree(revoked.toProblem())))
            .update()
        == 1;
  }

  private boolean claim(String key, String hash) {
    return database.jdbc()
            .sql("""
                INSERT INTO sample_store.idempotency_keys (idempotency_key, request_hash)
                VALUES (:key, :hash)
                ON CONFLICT (idempotency_key) DO NOTHING""")
            .param("key", key)
            .param("hash", hash)
            .update()
        == 1;
  }

  private StoreResponse firstCall(String key, Supplier<StoreResponse> effect) {
    StoreResponse response;
    try {
      response = database.savepoint().execute(status -> effect.get());
    } catch (StoreException refusal) {
      response = StoreResponse.refused(refusal);
    }
    JsonNode body = json.valueToTree(response.body());
    database.jdbc()
        .sql("""
            UPDATE sample_store.idempotency_keys
               SET response_status = :status, response_body = CAST(:body AS json)
             WHERE idempotency_key = :key""")
        .param("status", response.status())
        .param("body", write(body))
        .param("key", key)
        .update();
    return new StoreResponse(response.status(), body, false);
  }

  private StoreResponse replay(String key, String hash) {
    StoredCall stored = database.jdbc()
        .sql("""
            SELECT request_hash, response_status, response_body::text AS response_body
              FROM sample_store.idempotency_keys
             WHERE idempotency_key = :key""")
        .param("key", key)
        .query((rs, row) -> new StoredCall(rs.getString(1), rs.getInt(2), rs.getString(3)))
        .single();
    if (!stored.requestHash().equals(hash) && !stored.requestHash().equals(REVOKED)) {
      throw new StoreException(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency_key_reused",
          "this " + HEADER + " was already used for a different request; use a new key for a new request");
    }
    return new StoreResponse(stored.status(), read(stored.body()), true);
  }

  private static String hash(StoreOperation operation, Object request) {
    try {
      byte[] canonical = CANONICAL.writeValueAsBytes(List.of(operation.externalName(), request));
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash a " + operation.externalName() + " request", e);
    }
  }

  private String write(JsonNode body) {
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot store a response body", e);
    }
  }

  private JsonNode read(String body) {
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored response body is not JSON", e);
    }
  }

  private record StoredCall(String requestHash, int status, String body) {}
}
