package com.governedactions.samplestore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small helpdesk, so {@code escalate} and {@code log_ticket} work out of the box in dev mode.
 * Creating a ticket needs an Idempotency-Key like every other change. Only the ticket's own fields
 * identify the request: the attached case may have grown between a call and its retry (another
 * action of the conversation moved on), and a retry must still get the first ticket, not a 422.
 */
@RestController
@RequestMapping("/sample-store")
@ConditionalOnSampleStore
class TicketsController {
  private static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");

  record TicketRequest(
      String kind, String team, String subject, String priority, String conversationId, String details,
      JsonNode caseContext) {}

  /** What identifies a ticket request for the idempotency check: everything but the case. */
  record TicketCommand(String kind, String team, String subject, String priority, String conversationId, String details) {}

  record WithdrawalRequest(String ticketIdempotencyKey) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TicketView(
      String ticketId, String kind, String team, String subject, String priority, String conversationId,
      String details, String status, JsonNode caseContext) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record WithdrawalView(boolean withdrawn, String ticketId) {}

  private final StoreCalls calls;
  private final SampleStoreDatabase database;
  private final Idempotency idempotency;
  private final ObjectMapper json;

  TicketsController(StoreCalls calls, SampleStoreDatabase database, Idempotency idempotency, ObjectMapper json) {
    this.calls = calls;
    this.database = database;
    this.idempotency = idempotency;
    this.json = json;
  }

  /** 201 {ticketId, status: OPEN, ...}. */
  @PostMapping("/tickets")
  ResponseEntity<Object> create(
      @RequestHeader(name = Idempotency.HEADER, required = false) String key, @RequestBody TicketRequest body) {
    String priority = Optional.ofNullable(Fields.optional(body.priority(), "priority", 16)).orElse("normal");
    if (!PRIORITIES.contains(priority)) {
      throw StoreException.invalid("priority must be one of low, normal, high, urgent");
    }
    TicketCommand command = new TicketCommand(
        Fields.required(body.kind(), "kind", 32),
        Fields.optional(body.team(), "team", 64),
        Fields.required(body.subject(), "subject", 500),
        priority,
        Fields.optional(body.conversationId(), "conversationId", 255),
        Fields.optional(body.details(), "details", 4000));
    JsonNode caseContext = body.caseContext() == null || body.caseContext().isNull() ? null : body.caseContext();
    return calls.change(StoreOperation.TICKET, key, command, k -> StoreResponse.created(insert(command, caseContext, k)));
  }

  @GetMapping("/tickets/{ticketId}")
  ResponseEntity<Object> get(@PathVariable String ticketId) {
    return calls.read(StoreOperation.TICKET_GET, () -> find("ticket_id", ticketId).orElseThrow(() ->
        new StoreException(HttpStatus.NOT_FOUND, "ticket_not_found", "no ticket " + ticketId)));
  }

  /**
   * Withdraws the ticket created under {@code ticketIdempotencyKey}: 200 {withdrawn: true, ticketId},
   * or {withdrawn: false} when none was made under it (the key is then revoked, so a late create
   * does nothing).
   */
  @PostMapping("/ticket-withdrawals")
  ResponseEntity<Object> withdraw(
      @RequestHeader(name = Idempotency.HEADER, required = false) String key, @RequestBody WithdrawalRequest body) {
    String forwardKey = Fields.required(body.ticketIdempotencyKey(), "ticketIdempotencyKey", 255);
    return calls.change(StoreOperation.TICKET_WITHDRAWAL, key, body, k -> {
      if (idempotency.revokeIfUnused(forwardKey)) {
        return StoreResponse.ok(new WithdrawalView(false, null));
      }
      Optional<TicketView> ticket = find("idempotency_key", forwardKey);
      ticket.ifPresent(t -> jdbc().sql("""
              UPDATE sample_store.tickets SET status = 'WITHDRAWN', withdrawn_at = now()
               WHERE ticket_id = :id AND status = 'OPEN'""")
          .param("id", t.ticketId()).update());
      return StoreResponse.ok(new WithdrawalView(ticket.isPresent(), ticket.map(TicketView::ticketId).orElse(null)));
    });
  }

  private TicketView insert(TicketCommand command, JsonNode caseContext, String idempotencyKey) {
    String ticketId = SampleStoreDatabase.newId("tk_");
    jdbc().sql("""
            INSERT INTO sample_store.tickets
                (ticket_id, kind, team, subject, priority, conversation_id, details, case_context, status, idempotency_key)
            VALUES (:id, :kind, :team, :subject, :priority, :conversation, :details, CAST(:case AS jsonb), 'OPEN', :key)""")
        .param("id", ticketId)
        .param("kind", command.kind())
        .param("team", command.team())
        .param("subject", command.subject())
        .param("priority", command.priority())
        .param("conversation", command.conversationId())
        .param("details", command.details())
        .param("case", caseContext == null ? null : caseContext.toString())
        .param("key", idempotencyKey)
        .update();
    return find("ticket_id", ticketId).orElseThrow();
  }

  private Optional<TicketView> find(String column, String value) {
    return jdbc().sql("""
            SELECT ticket_id, kind, team, subject, priority, conversation_id, details, status, case_context::text AS c
              FROM sample_store.tickets WHERE """ + " " + column + " = :value")
        .param("value", value)
        .query((rs, row) -> new TicketView(rs.getString("ticket_id"), rs.getString("kind"), rs.getString("team"),
            rs.getString("subject"), rs.getString("priority"), rs.getString("conversation_id"), rs.getString("details"),
            rs.getString("status"), read(rs.getString("c"))))
        .optional();
  }

  private JsonNode read(String text) {
    try {
      return text == null ? null : json.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a stored case is not JSON", e);
    }
  }

  private JdbcClient jdbc() {
    return database.jdbc();
  }
}
