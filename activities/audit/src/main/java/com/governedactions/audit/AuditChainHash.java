package com.governedactions.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The event hash: HMAC-SHA256 with the audit key over a length-prefixed encoding of every stored
 * field, in a fixed order, ending with the previous event's hash. Length prefixes make the encoding
 * unambiguous (no two different rows encode alike); the key means a changed or inserted row cannot
 * be given a valid hash without it; a version tag leaves room for a successor.
 *
 * <p>An event that carries a consent receipt is hashed as version 2: the same fields and then the
 * receipt in canonical JSON. Version 1 (every event without a receipt, and every row written before
 * receipts existed) is unchanged, so no stored hash changes; the tag keeps the two encodings apart.
 */
final class AuditChainHash {
  /** The "previous hash" of an action's first event. */
  public static final byte[] GENESIS = new byte[32];

  private static final String VERSION = "governed-audit-event-v1";
  private static final String VERSION_WITH_CONSENT = "governed-audit-event-v2";
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private AuditChainHash() {}

  public static byte[] of(AuditRecord event, AuditKey key) {
    Canonical out = new Canonical()
        .text(event.consent() == null ? VERSION : VERSION_WITH_CONSENT)
        .number(event.id())
        .text(event.actionId())
        .number(event.seq())
        .instant(event.occurredAt())
        .instant(event.recordedAt())
        .text(event.event())
        .text(event.actionType())
        .text(event.status())
        .text(event.requester())
        .text(event.decidedBy())
        .text(event.conversationId())
        .text(event.customerId())
        .text(event.params() == null ? null : canonicalJson(event.params()))
        .text(event.connectorStatus() == null ? null : event.connectorStatus().toString())
        .text(event.connectorSummary())
        .text(event.durationMs() == null ? null : event.durationMs().toString())
        .text(event.policyVersion() == null ? null : event.policyVersion().toString())
        .number(event.ruleIds().size());
    event.ruleIds().forEach(out::text);
    out.text(event.detail()).text(event.note());
    if (event.consent() != null) {
      out.text(canonicalJson(event.consent()));
    }
    return key.sign(out.bytes(event.prevHash()).toBytes());
  }

  public static String hex(byte[] hash) {
    return hash == null ? null : HexFormat.of().formatHex(hash);
  }

  /** What PostgreSQL stores: microseconds. The writer truncates before it hashes and inserts. */
  static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * JSON in one spelling whatever {@code jsonb} did to it: keys sorted, no spaces, numbers without
   * exponent or trailing zeros.
   */
  static String canonicalJson(String json) {
    try {
      StringBuilder out = new StringBuilder(json.length());
      canonical(JSON.readTree(json), out);
      return out.toString();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored audit params are not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void canonical(JsonNode node, StringBuilder out) throws JsonProcessingException {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      out.append('{');
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(JSON.writeValueAsString(names.get(i))).append(':');
        canonical(node.get(names.get(i)), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      Iterator<JsonNode> elements = node.elements();
      for (int i = 0; elements.hasNext(); i++) {
        if (i > 0) {
          out.append(',');
        }
        canonical(elements.next(), out);
      }
      out.append(']');
    } else if (node.isNumber()) {
      out.append(node.decimalValue().stripTrailingZeros().toPlainString());
    } else {
      out.append(JSON.writeValueAsString(node));
    }
  }

}
