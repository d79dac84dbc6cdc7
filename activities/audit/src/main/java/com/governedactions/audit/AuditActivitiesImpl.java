package com.governedactions.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.governedactions.action.ActionRequest;
import com.governedactions.action.audit.AuditActivities;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import com.governedactions.action.connector.ConnectorErrors;
import com.governedactions.audit.AuditAppender.ActionRow;
import com.governedactions.audit.AuditAppender.Append;
import com.governedactions.audit.AuditAppender.Redacted;
import com.governedactions.observability.MeterRegistries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a batch of audit events and the action's list row, redacted first, through {@link
 * AuditAppender}: exactly once, each event chained to the one before it in its action
 * (docs/audit-integrity.md), one action's batches in order while other actions write in parallel.
 *
 * <p>A commit costs a WAL flush, and that flush, not the statements, bounds how many batches a
 * database can take per second. So concurrent calls share transactions ({@link GroupCommit}): a
 * group of batches of different actions takes two statements and one commit. A call that joins a
 * transaction already open on its thread (an alert recorded with its alert row, a reversal with
 * its check) writes in that transaction instead. Events of one batch that carry equal params are
 * redacted and serialised once.
 */
@Component("auditActivities")
class AuditActivitiesImpl implements AuditActivities {
  private static final JsonMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();
  /** Receipts read as people read them: timestamps in ISO-8601, as the consent API answers. */
  private static final JsonMapper CONSENT_JSON = JsonMapper.builder().addModule(new JavaTimeModule())
      .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  private final TransactionTemplate transaction;
  private final Redactor redactor;
  private final AuditAppender appender;
  private final GroupCommit<Append> groups;
  private final AuditMeters meters;

  AuditActivitiesImpl(
      JdbcTemplate jdbc, PlatformTransactionManager transactions, Redactor redactor, IntegrityProperties integrity) {
    this(jdbc, transactions, redactor, integrity, AuditWriterProperties.defaults());
  }

  AuditActivitiesImpl(
      JdbcTemplate jdbc, PlatformTransactionManager transactions, Redactor redactor, IntegrityProperties integrity,
      AuditWriterProperties writer) {
    this(jdbc, transactions, redactor, integrity, writer, new CompositeMeterRegistry());
  }

  @Autowired
  AuditActivitiesImpl(
      JdbcTemplate jdbc, PlatformTransactionManager transactions, Redactor redactor, IntegrityProperties integrity,
      AuditWriterProperties writer, ObjectProvider<MeterRegistry> registry) {
    this(jdbc, transactions, redactor, integrity, writer, MeterRegistries.orNoop(registry));
  }

  AuditActivitiesImpl(
      JdbcTemplate jdbc, PlatformTransactionManager transactions, Redactor redactor, IntegrityProperties integrity,
      AuditWriterProperties writer, MeterRegistry registry) {
    this.transaction = new TransactionTemplate(transactions);
    this.redactor = redactor;
    this.meters = new AuditMeters(registry, jdbc, Clock.systemUTC());
    this.appender = new AuditAppender(jdbc, integrity.auditKey());
    this.groups = new GroupCommit<>(new GroupCommit.Writer<>() {
      @Override
      public List<Append> writeGroup(List<Append> group) {
        return transaction.execute(status -> appender.appendGroup(group));
      }

      @Override
      public void writeAlone(Append append) {
        transaction.executeWithoutResult(status -> appender.appendAlone(append));
      }
    }, writer.concurrentTransactions(), writer.maxGroup(), meters::groupCommitted);
  }

  /** The most batches one transaction has written so far. */
  int largestGroup() {
    return groups.largestGroup();
  }

  @Override
  public void record(AuditBatch batch) {
    validate(batch);
    if (batch.events().isEmpty()) {
      return;
    }
    BatchRedaction redaction = new BatchRedaction();
    if (batch.request() == null) {
      recordStream(batch, redaction);
      return;
    }
    ActionRequest request = batch.request();
    List<Redacted> events =
        batch.events().stream().map(event -> redaction.redact(withActionType(event, request.type()))).toList();
    ActionRow row = ActionRow.of(
        batch.actionId(), request, amountOf(request.params()), currencyOf(request.params()), batch.requestHash(),
        events.stream().map(Redacted::event).toList(), batch.createdAt(), storedRequest(request, redaction),
        batch.approval());

    write(new Append(batch.actionId(), events, row, batch.runId()), request.type(), batch.events());
  }

  /**
   * Events of a stream that is not an action, such as an alert ({@code alert-<id>}): written and
   * redacted like any event, with no list row. Joins the caller's transaction if there is one.
   */
  private void recordStream(AuditBatch batch, BatchRedaction redaction) {
    List<Redacted> events = batch.events().stream().map(redaction::redact).toList();
    write(new Append(batch.actionId(), events, null, batch.runId()), null, batch.events());
  }

  /**
   * A conflict becomes a non-retryable {@code AuditConflict} failure: retrying cannot change what is
   * stored, and the workflow turns it into a failed workflow task.
   */
  private void write(Append append, String actionType, List<AuditEvent> events) {
    try {
      if (TransactionSynchronizationManager.isActualTransactionActive()) {
        appender.appendAlone(append); // the open transaction's connection
        // Counted only if that transaction commits.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            meters.committed(actionType, append.actionId(), events, append.fresh());
          }
        });
      } else {
        groups.write(append);
        meters.committed(actionType, append.actionId(), events, append.fresh());
      }
    } catch (AuditConflictException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), ConnectorErrors.AUDIT_CONFLICT.type());
    }
  }

  /**
   * Redaction and JSON for one batch: the workflow gives most events of a batch the same params,
   * so equal params (for the same action type) are redacted and written as JSON once.
   */
  private final class BatchRedaction {
    private final Map<List<Object>, Map<String, Object>> redacted = new HashMap<>();
    private final Map<Map<String, Object>, String> json = new IdentityHashMap<>();

    Map<String, Object> params(String actionType, Map<String, Object> params) {
      if (params == null) {
        return null;
      }
      return redacted.computeIfAbsent(
          java.util.Arrays.asList(redactor.isDestructive(actionType), params),
          ignored -> redactor.redactParams(actionType, params));
    }

    Redacted redact(AuditEvent event) {
      Map<String, Object> params = params(event.actionType(), event.params());
      AuditEvent stored = new AuditEvent(
          event.actionId(), event.seq(), event.occurredAt(), event.type(), event.actionType(), event.status(),
          event.requester(), event.decidedBy(), event.conversationId(), event.customerId(), params,
          event.connectorStatus(), redactor.redactText(event.connectorSummary()), event.durationMs(),
          event.policyVersion(), event.ruleIds(), redactor.redactText(event.detail()),
          redactor.redactNote(event.actionType(), event.note()), event.consent());
      // The receipt is kept as issued: it is the service's own text, and its hash must still match it.
      return new Redacted(stored, params == null ? null : json.computeIfAbsent(params, AuditActivitiesImpl::json),
          consentJson(event.consent()));
    }
  }

  /** Refuses a malformed batch before anything is written, saying which part is wrong. */
  private static void validate(AuditBatch batch) {
    require(batch.actionId() != null && !batch.actionId().isBlank(), "batch.actionId is required");
    // No request: a stream that is not an action (an alert), so no list row and no status.
    boolean action = batch.request() != null;
    for (AuditEvent event : batch.events()) {
      String where = "event seq " + event.seq() + " of " + batch.actionId();
      require(batch.actionId().equals(event.actionId()), where + " names action " + event.actionId());
      require(event.seq() >= 1, where + ": seq must be 1 or more");
      require(event.occurredAt() != null, where + ": occurredAt is required");
      require(event.type() != null, where + ": type is required");
      require(action || event.type() == AuditEventType.ALERT_RAISED,
          where + ": batch.request is required for an action's events");
      require(!action || event.status() != null, where + ": status is required");
    }
    if (!action) {
      return;
    }
    require(batch.request().type() != null, "batch.request.type is required for action " + batch.actionId());
    require(batch.request().requestId() != null, "batch.request.requestId is required for action " + batch.actionId());
    require(batch.requestHash() != null && !batch.requestHash().isBlank(),
        "batch.requestHash is required for action " + batch.actionId());
    require(batch.createdAt() != null, "batch.createdAt is required for action " + batch.actionId());
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("cannot record audit batch: " + message);
    }
  }

  private static AuditEvent withActionType(AuditEvent event, String requestType) {
    if (event.actionType() != null) {
      return event;
    }
    return new AuditEvent(
        event.actionId(), event.seq(), event.occurredAt(), event.type(), requestType, event.status(),
        event.requester(), event.decidedBy(), event.conversationId(), event.customerId(),
        event.params(), event.connectorStatus(), event.connectorSummary(), event.durationMs(),
        event.policyVersion(), event.ruleIds(), event.detail(), event.note());
  }

  private static BigDecimal amountOf(Map<String, Object> params) {
    Object amount = params.get("amount");
    if (amount == null) {
      return null;
    }
    try {
      return new BigDecimal(amount.toString());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "params.amount must be a decimal string such as \"89.50\", was \"" + amount + "\"", e);
    }
  }

  private static String currencyOf(Map<String, Object> params) {
    Object currency = params.get("currency");
    if (currency == null) {
      return null;
    }
    if (!(currency instanceof String code) || !CURRENCY.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "params.currency must be an ISO 4217 code such as \"USD\", was \"" + currency + "\"");
    }
    return code;
  }

  /** The request for replay by the policy simulator, redacted like the events' params. */
  private static String storedRequest(ActionRequest request, BatchRedaction redaction) {
    ActionRequest redacted =
        new ActionRequest(
            request.requestId(), request.type(), redaction.params(request.type(), request.params()),
            request.actor(), request.customer(), request.conversationId(), request.channel(), request.submittedBy());
    try {
      return JSON.writeValueAsString(redacted);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the request cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  private static String consentJson(com.governedactions.action.ConsentReceipt receipt) {
    if (receipt == null) {
      return null;
    }
    try {
      return CONSENT_JSON.writeValueAsString(receipt);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the consent receipt cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  private static String json(Map<String, Object> params) {
    if (params == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(params);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit params cannot be written as JSON: " + e.getMessage(), e);
    }
  }
}
