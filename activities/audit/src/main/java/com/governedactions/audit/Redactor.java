package com.governedactions.audit;

import com.governedactions.action.audit.AuditEvent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Removes secrets, card numbers and destructive actions' free text from what the audit trail
 * stores (spec section 6). Pure and thread-safe; returns new values, never changes its input.
 */
@Component
class Redactor {
  public static final String MASK = "***";

  // key = value, key: value, "key": "value" inside free text, JSON bodies and query strings
  private static final Pattern ASSIGNMENT =
      Pattern.compile(
          "(?<key>[A-Za-z][\\w.-]*)(?<sep>[\"']?\\s*[:=]\\s*)"
              + "(?:\"(?<dq>[^\"]*)\"|'(?<sq>[^']*)'|(?<bare>[^\\s\"',;&}\\]]+))");
  private static final Pattern AUTH_SCHEME =
      Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+");
  // "cvv 123", "CVC2: 1234", "my cvv is 737", "security code #123": a security code needs no
  // key=value form to be recognisable
  private static final Pattern SECURITY_CODE =
      Pattern.compile(
          "(?i)\\b(cvv2?|cvc2?|csc|cid|security\\s+code)"
              + "((?:\\s*(?:is|was|code|number|no\\.?|[#:=-])\\s*){0,3}|\\W{0,3})\\d{3,4}\\b");
  // digit groups joined by single spaces or dashes: candidates for a card number
  private static final Pattern DIGIT_RUN = Pattern.compile("\\d+(?:[ -]\\d+)*");
  private static final Pattern DIGIT_GROUP = Pattern.compile("\\d+");
  // an id such as an action's: its digit groups are never a card, however they add up
  private static final Pattern UUID_TOKEN =
      Pattern.compile("(?i)\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b");
  private static final int CARD_MIN_DIGITS = 13;
  private static final int CARD_MAX_DIGITS = 19;
  private static final int CARD_KEPT_DIGITS = 4;

  private final List<Pattern> secretKeys;
  private final List<Pattern> freeTextFields;
  private final Set<String> destructiveTypes;

  public Redactor(RedactionProperties properties) {
    this.secretKeys = globs(properties.secretKeys());
    this.freeTextFields = globs(properties.freeTextFields());
    this.destructiveTypes =
        properties.destructiveTypes().stream()
            .map(type -> type.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  public boolean isDestructive(String actionType) {
    return actionType != null && destructiveTypes.contains(actionType.toLowerCase(Locale.ROOT));
  }

  /** The event as it may be stored: params, detail, note and connector summary redacted. */
  public AuditEvent redact(AuditEvent event) {
    return new AuditEvent(
        event.actionId(),
        event.seq(),
        event.occurredAt(),
        event.type(),
        event.actionType(),
        event.status(),
        event.requester(),
        event.decidedBy(),
        event.conversationId(),
        event.customerId(),
        redactParams(event.actionType(), event.params()),
        event.connectorStatus(),
        redactText(event.connectorSummary()),
        event.durationMs(),
        event.policyVersion(),
        event.ruleIds(),
        redactText(event.detail()),
        redactNote(event.actionType(), event.note()));
  }

  /**
   * Secret-named keys masked at any depth, card numbers masked in every value, and for destructive
   * types free-text fields replaced by {@link #freeTextMetadata(String)}.
   */
  public Map<String, Object> redactParams(String actionType, Map<String, Object> params) {
    if (params == null) {
      return null;
    }
    return redactMap(params, isDestructive(actionType), false);
  }

  /**
   * A person's own words on an event (comment, reason): for destructive types stored as metadata
   * only. The system's {@code detail} is not free text and stays readable, with secrets masked.
   */
  public String redactNote(String actionType, String note) {
    if (note == null) {
      return null;
    }
    if (isDestructive(actionType)) {
      return "{\"redacted\":\"free-text\",\"length\":%d,\"sha256\":\"%s\"}"
          .formatted(note.codePointCount(0, note.length()), sha256(note));
    }
    return redactText(note);
  }

  /**
   * Masks secrets written as {@code key=value} or {@code key: value}, auth headers, security codes
   * and card numbers.
   */
  public String redactText(String text) {
    if (text == null) {
      return null;
    }
    String masked = AUTH_SCHEME.matcher(text).replaceAll(match -> match.group(1) + " " + MASK);
    masked = maskSecretAssignments(masked);
    masked =
        SECURITY_CODE
            .matcher(masked)
            .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
    return maskCardNumbers(masked);
  }

  /** What is kept of free text: enough to prove later what was said, nothing to read it from. */
  public static Map<String, Object> freeTextMetadata(String text) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("redacted", "free-text");
    metadata.put("length", text.codePointCount(0, text.length()));
    metadata.put("sha256", sha256(text));
    return metadata;
  }

  private Map<String, Object> redactMap(Map<?, ?> map, boolean destructive, boolean freeText) {
    Map<String, Object> redacted = new LinkedHashMap<>();
    map.forEach(
        (rawKey, value) -> {
          String key = String.valueOf(rawKey);
          if (value != null && matchesAny(secretKeys, key)) {
            redacted.put(key, MASK);
          } else {
            boolean text = freeText || (destructive && matchesAny(freeTextFields, key));
            redacted.put(key, redactValue(value, destructive, text));
          }
        });
    return redacted;
  }

  private Object redactValue(Object value, boolean destructive, boolean freeText) {
    if (value instanceof Map<?, ?> map) {
      return redactMap(map, destructive, freeText);
    }
    if (value instanceof Collection<?> values) {
      List<Object> redacted = new ArrayList<>(values.size());
      values.forEach(element -> redacted.add(redactValue(element, destructive, freeText)));
      return redacted;
    }
    if (value instanceof Object[] values) {
      return redactValue(Arrays.asList(values), destructive, freeText);
    }
    if (value instanceof String text) {
      return freeText ? freeTextMetadata(text) : redactText(text);
    }
    if (value instanceof Number number) {
      return maskCardNumber(number);
    }
    return value;
  }

  private String maskSecretAssignments(String text) {
    Matcher matcher = ASSIGNMENT.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (matcher.find()) {
      String replacement = matcher.group();
      if (matchesAny(secretKeys, matcher.group("key"))) {
        String value =
            matcher.group("dq") != null
                ? "\"" + MASK + "\""
                : matcher.group("sq") != null ? "'" + MASK + "'" : MASK;
        replacement = matcher.group("key") + matcher.group("sep") + value;
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /**
   * Checks every span of whole digit groups in a run, not just the run: "4111111111111111 12/26"
   * is one run of 18 digits, but its first group is the card.
   */
  private static String maskCardNumbers(String text) {
    Matcher run = DIGIT_RUN.matcher(text);
    if (!run.find()) {
      return text;
    }
    List<int[]> ids = new ArrayList<>();
    Matcher id = UUID_TOKEN.matcher(text);
    while (id.find()) {
      ids.add(new int[] {id.start(), id.end()});
    }
    char[] chars = text.toCharArray();
    do {
      // groups inside an id split the run: a card is never read across one
      List<int[]> groups = new ArrayList<>();
      Matcher group = DIGIT_GROUP.matcher(text).region(run.start(), run.end());
      while (group.find()) {
        if (insideAny(ids, group.start(), group.end())) {
          maskCards(text, chars, groups);
          groups = new ArrayList<>();
        } else {
          groups.add(new int[] {group.start(), group.end()});
        }
      }
      maskCards(text, chars, groups);
    } while (run.find());
    return new String(chars);
  }

  private static void maskCards(String text, char[] chars, List<int[]> groups) {
    int first = 0;
    while (first < groups.size()) {
      int cardEnd = longestCardFrom(text, groups, first);
      if (cardEnd < 0) {
        first++;
      } else {
        maskDigits(chars, groups.get(first)[0], groups.get(cardEnd)[1]);
        first = cardEnd + 1;
      }
    }
  }

  private static boolean insideAny(List<int[]> spans, int start, int end) {
    for (int[] span : spans) {
      if (start >= span[0] && end <= span[1]) {
        return true;
      }
    }
    return false;
  }

  /** Index of the last group of the longest Luhn-valid card starting at {@code first}, or -1. */
  private static int longestCardFrom(String text, List<int[]> groups, int first) {
    StringBuilder digits = new StringBuilder();
    int found = -1;
    for (int last = first; last < groups.size(); last++) {
      digits.append(text, groups.get(last)[0], groups.get(last)[1]);
      if (digits.length() > CARD_MAX_DIGITS) {
        break;
      }
      if (digits.length() >= CARD_MIN_DIGITS && luhnValid(digits)) {
        found = last;
      }
    }
    return found;
  }

  private static void maskDigits(char[] chars, int start, int end) {
    int kept = 0;
    for (int i = end - 1; i >= start; i--) {
      if (Character.isDigit(chars[i]) && kept++ >= CARD_KEPT_DIGITS) {
        chars[i] = '*';
      }
    }
  }

  /** A card can also arrive as a JSON number. */
  private static Object maskCardNumber(Number number) {
    String digits;
    if (number instanceof Long || number instanceof Integer || number instanceof BigInteger) {
      digits = number.toString();
    } else if (number instanceof BigDecimal decimal && decimal.scale() <= 0) {
      digits = decimal.toBigInteger().toString();
    } else {
      return number;
    }
    if (digits.length() < CARD_MIN_DIGITS || digits.length() > CARD_MAX_DIGITS || !luhnValid(digits)) {
      return number;
    }
    return maskCardNumbers(digits);
  }

  static boolean luhnValid(CharSequence digits) {
    int sum = 0;
    boolean doubled = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int digit = digits.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return false;
      }
      if (doubled) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }

  private static boolean matchesAny(List<Pattern> patterns, String name) {
    String normalized = normalize(name);
    return patterns.stream().anyMatch(pattern -> pattern.matcher(normalized).matches());
  }

  private static List<Pattern> globs(List<String> globs) {
    return globs.stream()
        .map(glob -> Arrays.stream(normalize(glob).split("\\*", -1)).map(Pattern::quote))
        .map(literals -> Pattern.compile(literals.collect(Collectors.joining(".*"))))
        .toList();
  }

  private static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[_\\-. ]", "");
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
