package com.governedactions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.action.ActionStatus;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
  private final Redactor redactor = new Redactor(RedactionProperties.defaults());

  @Test
  void given_anIdWhoseDigitGroupsAddUpToAValidCard_when_redacted_then_theIdIsKeptAndARealCardBesideItIsMasked() {
    // 41111111-1111-1111 is 4111111111111111 with dashes: a Luhn-valid card as digit groups
    String actionId = "action-41111111-1111-1111-8123-123456789012";

    assertThat(redactor.redactText("reversal of " + actionId)).isEqualTo("reversal of " + actionId);
    assertThat(redactor.redactText(actionId + " 4111 1111 1111 1111"))
        .isEqualTo(actionId + " **** **** **** 1111");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "password", "Password", "newPassword", "apiKey", "APIKEY", "api_key", "api-key", "token",
      "accessToken", "refresh_token", "secret", "secretAnswer", "client_secret", "cvv", "CVV2",
      "cvc", "cardCvc"})
  void given_secretNamedKey_when_redacted_then_valueIsMasked(String key) {
    Map<String, Object> redacted = redactor.redactParams("lookup_order", Map.of(key, "s3cr3t-value"));

    assertThat(redacted).containsEntry(key, Redactor.MASK);
  }

  @Test
  void given_secretsNestedInMapsAndLists_when_redacted_then_maskedAtAnyDepth() {
    Map<String, Object> params = Map.of(
        "orderId", "A-1",
        "payment", Map.of("method", "card", "card", Map.of("cvv", "737", "holder", "Ann")),
        "credentials", List.of(Map.of("api_key", "k-1"), Map.of("token", Map.of("value", "t-1"))));

    Map<String, Object> redacted = redactor.redactParams("lookup_order", params);

    assertThat(redacted).isEqualTo(Map.of(
        "orderId", "A-1",
        "payment", Map.of("method", "card", "card", Map.of("cvv", "***", "holder", "Ann")),
        "credentials", List.of(Map.of("api_key", "***"), Map.of("token", "***"))));
  }

  @Test
  void given_ordinaryKeys_when_redacted_then_valuesAreKept() {
    Map<String, Object> params =
        Map.of("orderId", "A-1001", "amount", "89.50", "currency", "USD", "quantity", 3, "gift", true);

    assertThat(redactor.redactParams("refund", params)).isEqualTo(params);
  }

  @Test
  void given_luhnValidCardInAnyStringValue_when_redacted_then_maskedKeepingLastFour() {
    Map<String, Object> params = Map.of(
        "card", "4111111111111111",
        "spaced", "card 4111 1111 1111 1111 on file",
        "dashed", List.of("paid with 5500-0000-0000-0004."),
        "amex", "378282246310005");

    assertThat(redactor.redactParams("lookup_order", params)).isEqualTo(Map.of(
        "card", "************1111",
        "spaced", "card **** **** **** 1111 on file",
        "dashed", List.of("paid with ****-****-****-0004."),
        "amex", "***********0005"));
  }

  @Test
  void given_luhnInvalidSixteenDigits_when_redacted_then_leftAlone() {
    Map<String, Object> params = Map.of("tracking", "4111111111111112", "spaced", "1234 5678 9012 3456");

    assertThat(redactor.redactParams("lookup_order", params)).isEqualTo(params);
  }

  @Test
  void given_cardFollowedByMoreDigitGroups_when_redacted_then_theCardIsStillFound() {
    assertThat(redactor.redactText("4111111111111111 12 26 cvc 123"))
        .isEqualTo("************1111 12 26 cvc ***");
    assertThat(redactor.redactText("order 12 4111-1111-1111-1111"))
        .isEqualTo("order 12 ****-****-****-1111");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "cvv 737                     | cvv ***",
      "CVV2: 1234                  | CVV2: ***",
      "cvc=123                     | cvc=***",
      "my cvv is 737, thanks       | my cvv is ***, thanks",
      "Security code #456 on back  | Security code #*** on back",
      "card ending 1111, CSC 999   | card ending 1111, CSC ***",
      "cvv737                      | cvv***"})
  void given_securityCodeAnywhereInAValue_when_redacted_then_masked(String text, String expected) {
    assertThat(redactor.redactParams("lookup_order", Map.of("remark", text))).containsEntry("remark", expected);
  }

  @Test
  void given_threeDigitsNotNamedAsASecurityCode_when_redacted_then_kept() {
    assertThat(redactor.redactText("order 737 has 3 items, code 123")).isEqualTo("order 737 has 3 items, code 123");
  }

  @Test
  void given_cardAsJsonNumber_when_redacted_then_masked() {
    Map<String, Object> redacted =
        redactor.redactParams("lookup_order", Map.of("card", 4111111111111111L, "orderNumber", 1001L));

    assertThat(redacted).containsEntry("card", "************1111").containsEntry("orderNumber", 1001L);
  }

  @Test
  void given_freeTextOfDestructiveType_when_redacted_then_onlyLengthAndHashAreKept() {
    String reason = "parcel arrived crushed, née Müller";
    Map<String, Object> params = Map.of(
        "orderId", "A-1001", "reason", reason, "details", Map.of("customerNote", "leave at door"));

    Map<String, Object> redacted = redactor.redactParams("refund", params);

    assertThat(redacted)
        .containsEntry("orderId", "A-1001")
        .containsEntry("reason", Map.of(
            "redacted", "free-text", "length", reason.codePointCount(0, reason.length()),
            "sha256", sha256(reason)))
        .containsEntry("details", Map.of("customerNote", Map.of(
            "redacted", "free-text", "length", 13, "sha256", sha256("leave at door"))));
  }

  @Test
  void given_everyDefaultFreeTextName_when_destructive_then_noneIsKeptAsText() {
    Map<String, Object> params = new LinkedHashMap<>();
    for (String name : List.of("reason", "note", "comment", "message", "text", "description")) {
      params.put(name, "words about " + name);
    }

    Map<String, Object> redacted = redactor.redactParams("cancel_order", params);

    assertThat(redacted.values()).allSatisfy(value ->
        assertThat(value).isInstanceOf(Map.class).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
            .containsEntry("redacted", "free-text"));
  }

  @Test
  void given_freeTextOfNonDestructiveType_when_redacted_then_keptWithCardsMasked() {
    Map<String, Object> redacted = redactor.redactParams(
        "create_ticket", Map.of("description", "customer read card 4111 1111 1111 1111 aloud"));

    assertThat(redacted).containsEntry("description", "customer read card **** **** **** 1111 aloud");
  }

  @Test
  void given_noteOfDestructiveType_when_redacted_then_storedAsMetadataOnly() {
    String note = "customer was rude, reject";

    assertThat(redactor.redactNote("REFUND", note))
        .isEqualTo("{\"redacted\":\"free-text\",\"length\":25,\"sha256\":\"" + sha256(note) + "\"}");
  }

  @Test
  void given_noteOfNonDestructiveType_when_redacted_then_keptWithSecretsAndCardsMasked() {
    assertThat(redactor.redactNote("create_ticket", "retry with token=abc123 and card 4111111111111111"))
        .isEqualTo("retry with token=*** and card ************1111");
  }

  @Test
  void given_systemDetailOfDestructiveType_when_redacted_then_readableWithSecretsMasked() {
    AuditEvent event = new AuditEvent("action-1", 3, Instant.parse("2025-01-01T00:00:00Z"),
        AuditEventType.INPUT_REFUSED, "refund", ActionStatus.AWAITING_APPROVAL, "bot", "dave", "conv", "C-1",
        Map.of(), null, null, null, 3L, List.of("r1"),
        "APPROVE refused (FORBIDDEN): 'dave' lacks SUPERVISOR; token=abc123", null);

    assertThat(redactor.redact(event).detail())
        .isEqualTo("APPROVE refused (FORBIDDEN): 'dave' lacks SUPERVISOR; token=***");
  }

  @Test
  void given_connectorSummaryWithSecrets_when_redacted_then_masked() {
    String summary =
        "401 {\"error\":\"bad key\",\"api_key\":\"sk_live_1\",\"password\": \"two words\"}"
            + " Authorization: Bearer eyJhbGciOi.x-y";

    assertThat(redactor.redactText(summary))
        .isEqualTo("401 {\"error\":\"bad key\",\"api_key\":\"***\",\"password\": \"***\"}"
            + " Authorization: *** ***");
  }

  @Test
  void given_event_when_redacted_then_paramsNoteAndSummaryAreRedactedAndTheRestKept() {
    AuditEvent event = new AuditEvent("action-1", 2, Instant.parse("2025-01-01T00:00:00Z"),
        AuditEventType.REJECTED, "refund", ActionStatus.REJECTED, "bot", "alice", "conv", "C-1",
        Map.of("token", "t"), 402, "card 4111111111111111 declined", 5L, 3L, List.of("r1"),
        "rejected by alice", "not today");

    AuditEvent redacted = redactor.redact(event);

    assertThat(redacted.params()).containsEntry("token", Redactor.MASK);
    assertThat(redacted.connectorSummary()).isEqualTo("card ************1111 declined");
    assertThat(redacted.note()).contains("\"redacted\":\"free-text\"").doesNotContain("not today");
    assertThat(redacted).usingRecursiveComparison()
        .ignoringFields("params", "connectorSummary", "note").isEqualTo(event);
  }

  @Test
  void given_configuredRules_when_redacted_then_theyReplaceTheDefaults() {
    Redactor custom = new Redactor(
        new RedactionProperties(List.of("pin"), List.of("remarks"), List.of("close_account")));

    Map<String, Object> redacted = custom.redactParams(
        "close_account", Map.of("pin", "1234", "password", "p", "remarks", "bye", "reason", "moving"));

    assertThat(redacted)
        .containsEntry("pin", Redactor.MASK)
        .containsEntry("password", "p")
        .containsEntry("reason", "moving")
        .containsEntry("remarks", Map.of("redacted", "free-text", "length", 3, "sha256", sha256("bye")));
    assertThat(custom.isDestructive("refund")).isFalse();
  }

  @Test
  void given_params_when_redacted_then_theInputIsNotChanged() {
    Map<String, Object> nested = new LinkedHashMap<>(Map.of("token", "t-1"));
    Map<String, Object> params = new LinkedHashMap<>(Map.of("auth", nested, "reason", "why"));

    redactor.redactParams("refund", params);

    assertThat(params).isEqualTo(Map.of("auth", Map.of("token", "t-1"), "reason", "why"));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
