package com.governedactions.audit;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the audit writer redacts before anything reaches the database. Patterns are
 * case-insensitive globs ({@code *} matches any run of characters) over names with {@code _},
 * {@code -}, {@code .} and spaces removed, so {@code apikey} covers {@code apiKey}, {@code api_key}
 * and {@code API-KEY}. An unset list keeps its default; a set list replaces it.
 *
 * @param secretKeys keys whose values are replaced by {@code "***"} at any depth
 * @param freeTextFields keys of free-form text that destructive actions keep as metadata only
 * @param destructiveTypes action types (exact, case-insensitive) whose free text is never stored
 */
@ConfigurationProperties("governed.audit.redaction")
public record RedactionProperties(
    List<String> secretKeys, List<String> freeTextFields, List<String> destructiveTypes) {

  public static final List<String> DEFAULT_SECRET_KEYS =
      List.of(
          "*password*", "*passwd*", "*apikey*", "*token*", "*secret*", "*authorization*", "*cvv*",
          "*cvc*");

  /** Suffix globs, so {@code cancelReason} and {@code customerNote} are covered too. */
  public static final List<String> DEFAULT_FREE_TEXT_FIELDS =
      List.of(
          "*reason", "*note", "*notes", "*comment", "*comments", "*message", "text", "*description");

  public static final List<String> DEFAULT_DESTRUCTIVE_TYPES =
      List.of("refund", "cancel_order", "update_address", "apply_discount");

  public RedactionProperties {
    secretKeys = secretKeys == null ? DEFAULT_SECRET_KEYS : List.copyOf(secretKeys);
    freeTextFields = freeTextFields == null ? DEFAULT_FREE_TEXT_FIELDS : List.copyOf(freeTextFields);
    destructiveTypes =
        destructiveTypes == null ? DEFAULT_DESTRUCTIVE_TYPES : List.copyOf(destructiveTypes);
  }

  public static RedactionProperties defaults() {
    return new RedactionProperties(null, null, null);
  }
}
