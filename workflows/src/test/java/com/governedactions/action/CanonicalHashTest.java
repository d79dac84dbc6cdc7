package com.governedactions.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalHashTest {
  private static final ActionRequest REFUND =
      new ActionRequest(
          "r-1", "refund", Map.of("orderId", "A-1", "amount", "80.00", "currency", "USD"),
          new Actor(ActorType.AI, "support-bot", List.of()), new Customer("C-42", null, null),
          "conv-81", "chat", "chat-backend");

  private static String sha256(String json) throws Exception {
    return HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void given_a_request_that_excludes_no_one_when_hashed_then_it_hashes_as_before_the_field_existed() throws Exception {
    // The canonical form every stored requestHash was computed from: keys sorted, no excludedApprovers.
    String before = "{\"actor\":{\"id\":\"support-bot\",\"roles\":[],\"type\":\"ai\"},\"channel\":\"chat\","
        + "\"conversationId\":\"conv-81\",\"customer\":{\"id\":\"C-42\",\"segment\":null,\"verification\":null},"
        + "\"params\":{\"amount\":\"80.00\",\"currency\":\"USD\",\"orderId\":\"A-1\"},\"requestId\":\"r-1\","
        + "\"submittedBy\":\"chat-backend\",\"type\":\"refund\"}";

    assertThat(CanonicalHash.ofRequest(REFUND)).isEqualTo(sha256(before));
  }

  @Test
  void given_a_reversal_that_excludes_people_when_hashed_then_they_are_part_of_its_identity() {
    ActionRequest excluding =
        new ActionRequest(REFUND.requestId(), REFUND.type(), REFUND.params(), REFUND.actor(), REFUND.customer(),
            REFUND.conversationId(), REFUND.channel(), REFUND.submittedBy(), List.of("alice"));

    assertThat(CanonicalHash.ofRequest(excluding)).isNotEqualTo(CanonicalHash.ofRequest(REFUND));
  }
}
