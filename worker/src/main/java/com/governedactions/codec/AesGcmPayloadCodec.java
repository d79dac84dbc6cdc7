package com.governedactions.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts every Temporal payload with AES-256-GCM, so workflow inputs, results, signals, query
 * answers and activity arguments (names, addresses, amounts, free text) reach the Temporal service
 * as ciphertext. The key id travels in the payload's metadata, so any configured key decrypts what
 * it once encrypted and keys can rotate. Payloads this codec did not encrypt (histories recorded
 * before it existed) pass through unchanged.
 */
public final class AesGcmPayloadCodec implements PayloadCodec {
  public static final String ENCODING = "binary/encrypted";
  public static final String KEY_ID = "encryption-key-id";
  static final String CIPHER = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);

  /** Public in this repository, so it protects nothing: dev mode, tests and benchmarks only. */
  public static final String DEV_KEY_ID = "dev-only-insecure";

  private static final String DEV_KEY = "ZGV2LW9ubHkga2V5OiBuZXZlciB1c2UgaW4gcHJvZC4=";

  private final Map<String, SecretKey> keys;
  private final String activeKeyId;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param base64Keys AES-256 keys by id, Base64 of 32 bytes each
   * @param activeKeyId the id encryption uses; null when exactly one key is given
   * @throws IllegalArgumentException naming the key that is missing or malformed
   */
  public AesGcmPayloadCodec(Map<String, String> base64Keys, String activeKeyId) {
    if (base64Keys.isEmpty()) {
      throw new IllegalArgumentException("governed.codec.keys is empty: configure at least one key");
    }
    Map<String, SecretKey> parsed = new LinkedHashMap<>();
    base64Keys.forEach((id, base64) -> parsed.put(id, key(id, base64)));
    if (activeKeyId == null || activeKeyId.isBlank()) {
      if (parsed.size() != 1) {
        throw new IllegalArgumentException(
            "governed.codec.active-key must name one of " + parsed.keySet() + " when more than one key is configured");
      }
      activeKeyId = parsed.keySet().iterator().next();
    }
    if (!parsed.containsKey(activeKeyId)) {
      throw new IllegalArgumentException(
          "governed.codec.active-key '" + activeKeyId + "' is not one of the configured keys " + parsed.keySet());
    }
    this.keys = Map.copyOf(parsed);
    this.activeKeyId = activeKeyId;
  }

  /** The codec the service uses when no key is configured. */
  public static AesGcmPayloadCodec devOnly() {
    return new AesGcmPayloadCodec(Map.of(DEV_KEY_ID, DEV_KEY), DEV_KEY_ID);
  }

  /**
   * The data converter every client and worker of the service uses: Temporal's default JSON
   * converter, then this codec. Failure messages and stack traces are encrypted too, since a
   * connector's error can quote the customer's data.
   */
  public DataConverter dataConverter() {
    return new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(this), true);
  }

  public String activeKeyId() {
    return activeKeyId;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  private Payload encrypt(Payload plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(activeKeyId.getBytes(StandardCharsets.UTF_8)); // a swapped key id fails to decrypt
      byte[] sealed = cipher.doFinal(plain.toByteArray());
      return Payload.newBuilder()
          .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ENCODING_BYTES)
          .putMetadata(KEY_ID, ByteString.copyFromUtf8(activeKeyId))
          .setData(ByteString.copyFrom(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).flip()))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot encrypt a payload with key '" + activeKeyId + "'", e);
    }
  }

  private Payload decrypt(Payload payload) {
    if (!ENCODING_BYTES.equals(payload.getMetadataOrDefault(EncodingKeys.METADATA_ENCODING_KEY, ByteString.EMPTY))) {
      return payload; // not ours: plaintext from before the codec, or another codec's
    }
    String keyId = payload.getMetadataOrDefault(KEY_ID, ByteString.EMPTY).toStringUtf8();
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new PayloadCodecException(
          "payload is encrypted with key '" + keyId + "', which is not configured under governed.codec.keys");
    }
    byte[] data = payload.getData().toByteArray();
    if (data.length < NONCE_BYTES) {
      throw new PayloadCodecException("encrypted payload is too short to hold a nonce");
    }
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
      return Payload.parseFrom(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES));
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(
          "cannot decrypt a payload with key '" + keyId + "': the data or its key id was altered", e);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException("decrypted payload is not a Temporal payload", e);
    }
  }

  private static SecretKey key(String id, String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64 == null ? "" : base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("governed.codec.keys." + id + " is not Base64", e);
    }
    if (bytes.length != 32) {
      throw new IllegalArgumentException("governed.codec.keys." + id + " must be 32 bytes (AES-256) in Base64, is "
          + bytes.length + " bytes; make one with: openssl rand -base64 32");
    }
    return new SecretKeySpec(bytes, "AES");
  }
}
