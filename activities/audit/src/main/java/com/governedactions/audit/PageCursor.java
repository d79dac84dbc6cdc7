package com.governedactions.audit;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Function;

/**
 * The opaque {@code nextCursor} of the keyset-paged lists: {@code version:field:...:field} in
 * URL-safe Base64. The version is each list's own, so a cursor from one list is refused by another
 * and a changed format can be told from an old one. Anything that does not read back is an
 * {@link IllegalArgumentException} with {@link #INVALID}, which the API turns into a 400.
 */
public final class PageCursor {
  public static final String INVALID =
      "cursor is not valid: pass the nextCursor of the previous page unchanged, or omit it";

  private PageCursor() {}

  public static String encode(String version, Object... fields) {
    StringBuilder plain = new StringBuilder(version);
    for (Object field : fields) {
      plain.append(':').append(field);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a cursor of {@code version} with exactly {@code fields} non-empty-ended fields (the last
   * may itself hold ':') and hands them to {@code parse}; a parse that fails is an invalid cursor too.
   */
  public static <T> T decode(String cursor, String version, int fields, Function<String[], T> parse) {
    String[] parts;
    try {
      parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", fields + 1);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(INVALID, e);
    }
    if (parts.length != fields + 1 || !parts[0].equals(version) || parts[fields].isEmpty()) {
      throw new IllegalArgumentException(INVALID);
    }
    try {
      return parse.apply(Arrays.copyOfRange(parts, 1, parts.length));
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
      throw new IllegalArgumentException(INVALID, e);
    }
  }

  /** PostgreSQL keeps microseconds, so a cursor keeps a timestamp to the microsecond, exactly. */
  public static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  public static Instant fromMicros(String micros) {
    return Instant.EPOCH.plus(Long.parseLong(micros), ChronoUnit.MICROS);
  }
}
