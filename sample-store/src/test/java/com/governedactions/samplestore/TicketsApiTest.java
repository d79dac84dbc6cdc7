package com.governedactions.samplestore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class TicketsApiTest extends SampleStoreTestSupport {

  @Test
  void given_ticket_created_when_retried_with_a_grown_case_then_the_first_ticket_is_replayed() {
    String key = newKey();

    Response first = call(HttpMethod.POST, "/tickets", key, ticket("{\"earlierActions\": []}"));
    Response retry = call(HttpMethod.POST, "/tickets", key, ticket("{\"earlierActions\": [{\"status\": \"FAILED\"}]}"));

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.text("status")).isEqualTo("OPEN");
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.replayed()).isTrue();
    assertThat(retry.text("ticketId")).isEqualTo(first.text("ticketId"));
    Response stored = call(HttpMethod.GET, "/tickets/" + first.text("ticketId"), null, null);
    assertThat(stored.body().at("/caseContext/earlierActions").size()).isZero();
  }

  @Test
  void given_same_key_with_another_subject_when_created_then_422_key_reused() {
    String key = newKey();
    call(HttpMethod.POST, "/tickets", key, ticket("{}"));

    Response reused = call(HttpMethod.POST, "/tickets", key, ticket("{}").replace("refund failed", "other"));

    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.text("code")).isEqualTo("idempotency_key_reused");
  }

  @Test
  void given_ticket_when_withdrawn_under_its_key_then_withdrawn_and_status_changes() {
    String key = newKey();
    String ticketId = call(HttpMethod.POST, "/tickets", key, ticket("{}")).text("ticketId");

    Response withdrawal = call(HttpMethod.POST, "/ticket-withdrawals", key + ":compensate",
        "{\"ticketIdempotencyKey\": \"" + key + "\"}");

    assertThat(withdrawal.status()).isEqualTo(200);
    assertThat(withdrawal.body().get("withdrawn").asBoolean()).isTrue();
    assertThat(call(HttpMethod.GET, "/tickets/" + ticketId, null, null).text("status")).isEqualTo("WITHDRAWN");
  }

  @Test
  void given_withdrawal_before_the_create_arrived_when_create_arrives_then_it_is_not_executed() {
    String key = newKey();

    Response withdrawal = call(HttpMethod.POST, "/ticket-withdrawals", key + ":compensate",
        "{\"ticketIdempotencyKey\": \"" + key + "\"}");
    Response late = call(HttpMethod.POST, "/tickets", key, ticket("{}"));

    assertThat(withdrawal.body().get("withdrawn").asBoolean()).isFalse();
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.text("code")).isEqualTo("idempotency_key_revoked");
  }

  @Test
  void given_ticket_without_subject_when_created_then_400_naming_the_field() {
    Response response = call(HttpMethod.POST, "/tickets", newKey(), "{\"kind\": \"ticket\"}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.text("detail")).contains("subject");
  }

  private static String ticket(String caseContext) {
    return """
        {"kind": "escalation", "team": "billing", "subject": "refund failed", "priority": "high",
         "conversationId": "conv-1", "caseContext": %s}""".formatted(caseContext);
  }
}
