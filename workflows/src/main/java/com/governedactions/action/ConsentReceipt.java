package com.governedactions.action;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * What the customer was shown and what became of it: the consent record of one confirmation
 * (issue 15). Field names follow ISO/IEC TS 27560 and the Kantara consent receipt where they fit;
 * docs/consent-receipts.md maps them. Immutable: each outcome is a new receipt, so the audit event
 * of each step keeps the receipt as it was then.
 *
 * @param receiptId random (replay-safe) id of this receipt; a new confirmation question after a
 *     re-check is a new receipt
 * @param text the exact text the service rendered for the customer
 * @param textSha256 lower-case hex SHA-256 of {@code text} as UTF-8
 * @param language language of {@code text}; the catalog's templates are English
 * @param paramsHash canonical hash of the action's type and parameters the text was shown for
 * @param policyVersion the policy version whose rule asked for the confirmation
 * @param expiresAt when the question lapses unanswered
 * @param state ISSUED until answered, then CONFIRMED, DECLINED or EXPIRED
 * @param answeredBy the authenticated client that relayed the answer; "customer" when a raw signal
 *     named none, "auto" when it expired
 * @param agreedTo what the customer agrees to: the action type and its money and order, as sent
 */
public record ConsentReceipt(
    String receiptId,
    String actionId,
    String text,
    String textSha256,
    String language,
    String channel,
    String conversationId,
    String customerId,
    String paramsHash,
    long policyVersion,
    Instant issuedAt,
    Instant expiresAt,
    State state,
    Instant confirmedAt,
    Instant declinedAt,
    Instant expiredAt,
    String answeredBy,
    Purpose agreedTo) {

  public static final String LANGUAGE = "en";

  public enum State {
    ISSUED,
    CONFIRMED,
    DECLINED,
    EXPIRED
  }

  /** ISO/IEC TS 27560 "purpose": the action type, and its amount, currency and order when it has them. */
  public record Purpose(String type, String amount, String currency, String orderId) {
    static Purpose of(ActionRequest request) {
      Map<String, Object> params = request.params();
      return new Purpose(request.type(), text(params.get("amount")), text(params.get("currency")),
          text(params.get("orderId")));
    }

    private static String text(Object value) {
      return value == null ? null : value.toString();
    }
  }

  /** A receipt for {@code text}, issued now, unanswered. */
  public static ConsentReceipt issue(
      String receiptId, String actionId, ActionRequest request, String text, String paramsHash, long policyVersion,
      Instant issuedAt, Instant expiresAt) {
    return new ConsentReceipt(receiptId, actionId, text, sha256(text), LANGUAGE, request.channel(),
        request.conversationId(), request.customer() == null ? null : request.customer().id(), paramsHash,
        policyVersion, issuedAt, expiresAt, State.ISSUED, null, null, null, null, Purpose.of(request));
  }

  public ConsentReceipt confirmed(Instant at, String by) {
    return answered(State.CONFIRMED, at, null, null, by);
  }

  public ConsentReceipt declined(Instant at, String by) {
    return answered(State.DECLINED, null, at, null, by);
  }

  public ConsentReceipt expired(Instant at) {
    return answered(State.EXPIRED, null, null, at, "auto");
  }

  private ConsentReceipt answered(State outcome, Instant confirmed, Instant declined, Instant expired, String by) {
    return new ConsentReceipt(receiptId, actionId, text, textSha256, language, channel, conversationId, customerId,
        paramsHash, policyVersion, issuedAt, expiresAt, outcome, confirmed, declined, expired, by, agreedTo);
  }

  /** Whether {@code shownSha256} (hex, any case) is the hash of the text this receipt issued. */
  @JsonIgnore
  public boolean shows(String shownSha256) {
    return textSha256.equalsIgnoreCase(shownSha256.strip());
  }

  /** Lower-case hex SHA-256 of {@code text} as UTF-8. Pure: safe in workflow code. */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
