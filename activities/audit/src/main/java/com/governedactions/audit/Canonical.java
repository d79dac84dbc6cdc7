package com.governedactions.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Length-prefixed bytes of a sequence of values: unambiguous (no two different sequences encode
 * alike), which is what a hash or a signature needs. Timestamps are in microseconds, PostgreSQL's
 * precision.
 */
final class Canonical {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
  private final DataOutputStream out = new DataOutputStream(bytes);

  Canonical text(String value) {
    return bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  Canonical number(long value) {
    try {
      out.writeLong(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return this;
  }

  Canonical instant(Instant value) {
    Instant stored = AuditChainHash.micros(value);
    return number(stored.getEpochSecond()).number(stored.getNano());
  }

  Canonical bytes(byte[] value) {
    try {
      if (value == null) {
        out.writeInt(-1);
      } else {
        out.writeInt(value.length);
        out.write(value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  byte[] toBytes() {
    return bytes.toByteArray();
  }
}
