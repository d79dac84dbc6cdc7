package com.governedactions.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.Actor;
import com.governedactions.action.ActorType;
import com.governedactions.action.CanonicalHash;
import com.governedactions.action.Customer;
import com.governedactions.action.audit.AuditBatch;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuditSearchRepositoryTest {
  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00.000001Z");

  private final String prefix = TestDatabase.uniquePrefix("audit-search");
  // values of this test run alone, so rows of other tests in the shared database never match
  private final String type = prefix + "refund";
  private final String otherType = prefix + "cancel_order";
  private final String conversation = prefix + "conv";
  private final String actor = prefix + "bot";
  private final String customer = prefix + "C-1";
  private final AuditActivitiesImpl writer =
      TestDatabase.auditWriter(new Redactor(RedactionProperties.defaults()));
  private final AuditSearchRepository repository = new AuditSearchRepository(TestDatabase.DATA_SOURCE);

  @AfterEach
  void deleteRows() {
    TestDatabase.deleteActionsStartingWith(prefix);
  }

  @Test
  void given_eachSingleFilter_when_searched_then_onlyMatchingEventsNewestFirst() {
    write("a", type, conversation, actor, customer, T0,
        AuditEventType.REQUESTED, ActionStatus.EVALUATING, AuditEventType.DENIED, ActionStatus.DENIED);
    write("b", otherType, prefix + "conv-2", prefix + "human", prefix + "C-2", T0.plusSeconds(60),
        AuditEventType.REQUESTED, ActionStatus.EVALUATING, AuditEventType.SUCCEEDED, ActionStatus.SUCCEEDED);

    assertThat(keys(search(q().actionType(type)))).containsExactly("a/2", "a/1");
    assertThat(keys(search(q().actionType(otherType)))).containsExactly("b/2", "b/1");
    assertThat(keys(search(q().conversationId(conversation)))).containsExactly("a/2", "a/1");
    assertThat(keys(search(q().actor(prefix + "human")))).containsExactly("b/2", "b/1");
    assertThat(keys(search(q().customerId(customer)))).containsExactly("a/2", "a/1");
    // status and event are not unique to this test: combine with one that is
    assertThat(keys(search(q().actor(actor).status(ActionStatus.DENIED)))).containsExactly("a/2");
    assertThat(keys(search(q().customerId(prefix + "C-2").event(AuditEventType.SUCCEEDED))))
        .containsExactly("b/2");
    assertThat(search(q().status(ActionStatus.DENIED)).items())
        .extracting(AuditRecord::status).containsOnly("DENIED");
    assertThat(search(q().event(AuditEventType.SUCCEEDED)).items())
        .extracting(AuditRecord::event).containsOnly("SUCCEEDED");
  }

  @Test
  void given_timeRange_when_searched_then_fromIsInclusiveAndToExclusive() {
    write("a", type, conversation, actor, customer, T0,
        AuditEventType.REQUESTED, ActionStatus.EVALUATING, AuditEventType.DENIED, ActionStatus.DENIED);
    write("b", type, conversation, actor, customer, T0.plusSeconds(60),
        AuditEventType.REQUESTED, ActionStatus.EVALUATING, AuditEventType.DENIED, ActionStatus.DENIED);

    // events are 1 s apart: a/1=T0, a/2=T0+1s, b/1=T0+60s, b/2=T0+61s
    AuditPage page = search(q().actionType(type).from(T0.plusSeconds(1)).to(T0.plusSeconds(61)));

    assertThat(keys(page)).containsExactly("b/1", "a/2");
  }

  @Test
  void given_allFiltersCombined_when_searched_then_everyOneMustMatch() {
    write("a", type, conversation, actor, customer, T0,
        AuditEventType.REQUESTED, ActionStatus.EVALUATING, AuditEventType.DENIED, ActionStatus.DENIED);
    write("b", type, conversation, actor, prefix + "C-other", T0,
        AuditEventType.REQUESTED, ActionStatus.EVALUATING, AuditEventType.DENIED, ActionStatus.DENIED);

    AuditPage page = repository.search(new AuditQuery(ActionStatus.DENIED, AuditEventType.DENIED, T0, T0.plusSeconds(5),
        conversation, type, actor, customer, 50, null));

    assertThat(keys(page)).containsExactly("a/2");
    AuditRecord row = page.items().get(0);
    assertThat(row.actionType()).isEqualTo(type);
    assertThat(row.requester()).isEqualTo(actor);
    assertThat(row.params()).contains("\"orderId\": \"A-1\"");
    assertThat(row.ruleIds()).containsExactly("rule-1");
  }

  @Test
  void given_morethanOnePage_when_pagedWithCursor_then_everyEventOnceInOrder() {
    for (int i = 0; i < 5; i++) {
      write("a" + i, type, conversation, actor, customer, T0.plusSeconds(i * 10L),
          AuditEventType.REQUESTED, ActionStatus.EVALUATING, AuditEventType.DENIED, ActionStatus.DENIED);
    }

    List<String> seen = new ArrayList<>();
    AuditPage page = search(q().actionType(type).limit(3));
    int pages = 1;
    seen.addAll(keys(page));
    while (page.nextCursor() != null) {
      page = search(q().actionType(type).limit(3).cursor(page.nextCursor()));
      seen.addAll(keys(page));
      pages++;
    }

    assertThat(pages).isEqualTo(4);
    assertThat(seen).containsExactly(
        "a4/2", "a4/1", "a3/2", "a3/1", "a2/2", "a2/1", "a1/2", "a1/1", "a0/2", "a0/1");
  }

  @Test
  void given_sameTimestamp_when_paged_then_idBreaksTheTieWithoutGapsOrRepeats() {
    for (int i = 0; i < 4; i++) {
      writeAt("same" + i, T0);
    }
    List<Long> ids = new ArrayList<>();
    String cursor = null;
    do {
      AuditPage page = search(q().actionType(type).limit(1).cursor(cursor));
      page.items().forEach(r -> ids.add(r.id()));
      cursor = page.nextCursor();
    } while (cursor != null);

    assertThat(ids).hasSize(4).doesNotHaveDuplicates();
    assertThat(ids).isSortedAccordingTo((x, y) -> Long.compare(y, x));
  }

  @Test
  void given_concurrentInserts_when_paging_then_noEventPresentAtTheStartIsMissedOrRepeated()
      throws Exception {
    for (int i = 0; i < 60; i++) {
      writeAt("before" + i, T0.plusSeconds(i * 10L));
    }
    Set<Long> before = new HashSet<>();
    String cursor = null;
    do {
      AuditPage page = search(q().actionType(type).limit(500).cursor(cursor));
      page.items().forEach(r -> before.add(r.id()));
      cursor = page.nextCursor();
    } while (cursor != null);
    assertThat(before).hasSize(60);

    AtomicBoolean paging = new AtomicBoolean(true);
    AtomicInteger inserted = new AtomicInteger();
    // lands between, before and after the rows already there, and on their very timestamps
    CompletableFuture<Void> inserter =
        CompletableFuture.runAsync(
            () -> {
              while (paging.get()) {
                int n = inserted.getAndIncrement();
                writeAt("during" + n, T0.plusSeconds((n * 7L) % 700 - 50));
              }
            });

    List<Long> seen = new ArrayList<>();
    cursor = null;
    int pages = 0;
    do {
      AuditPage page = search(q().actionType(type).limit(4).cursor(cursor));
      page.items().forEach(r -> seen.add(r.id()));
      cursor = page.nextCursor();
      pages++;
      awaitMoreThan(inserted, pages); // at least one insert between any two pages
    } while (cursor != null);
    paging.set(false);
    inserter.get();

    assertThat(inserted.get()).isGreaterThanOrEqualTo(pages);
    assertThat(seen).doesNotHaveDuplicates().containsAll(before);
  }

  @Test
  void given_badLimitOrCursor_when_searched_then_refusedNamingTheFault() {
    assertThatThrownBy(() -> search(q().limit(0))).hasMessageContaining("limit must be between 1 and 500");
    assertThatThrownBy(() -> search(q().limit(501))).hasMessageContaining("limit");
    assertThatThrownBy(() -> search(q().cursor("not-a-cursor"))).hasMessageContaining("cursor is not valid");
    assertThatThrownBy(() -> search(q().cursor("YTE6eDox"))).hasMessageContaining("cursor is not valid");
  }

  @Test
  void given_filter_when_exportedAsCsv_then_sameRowsAsSearchWithHeader() throws Exception {
    for (int i = 0; i < 3; i++) {
      write("e" + i, type, conversation, actor, customer, T0.plusSeconds(i * 10L),
          AuditEventType.REQUESTED, ActionStatus.EVALUATING, AuditEventType.DENIED, ActionStatus.DENIED);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    long rows = new AuditCsvExporter(TestDatabase.DATA_SOURCE).prepare(q().actionType(type).limit(0).build()).writeTo(out);

    List<CSVRecord> csv = CSVFormat.RFC4180.builder().setHeader().get()
        .parse(new StringReader(out.toString(StandardCharsets.UTF_8))).getRecords();
    assertThat(rows).isEqualTo(6);
    assertThat(csv).extracting(r -> r.get("action_id").substring(prefix.length()) + "/" + r.get("seq"))
        .containsExactlyElementsOf(keys(search(q().actionType(type))));
    assertThat(csv.get(0).get("rule_ids")).isEqualTo("rule-1");
  }

  // --- fixtures

  private static void awaitMoreThan(AtomicInteger counter, int value) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (counter.get() <= value && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }

  private void writeAt(String suffix, Instant at) {
    ActionRequest request = request(suffix, type, conversation, actor, customer);
    AuditEvent event = event(request, prefix + suffix, 1, at, AuditEventType.REQUESTED, ActionStatus.EVALUATING);
    writer.record(new AuditBatch(prefix + suffix, request, CanonicalHash.ofRequest(request), at, List.of(event)));
  }

  /** An action with two events one second apart: (type1, status1) at start, (type2, status2) after. */
  private void write(String suffix, String actionType, String conversationId, String requester, String customerId,
      Instant start, AuditEventType type1, ActionStatus status1, AuditEventType type2, ActionStatus status2) {
    ActionRequest request = request(suffix, actionType, conversationId, requester, customerId);
    String actionId = prefix + suffix;
    writer.record(new AuditBatch(actionId, request, CanonicalHash.ofRequest(request), start, List.of(
        event(request, actionId, 1, start, type1, status1),
        event(request, actionId, 2, start.plusSeconds(1), type2, status2))));
  }

  private static ActionRequest request(String requestId, String type, String conversationId, String actor,
      String customerId) {
    return new ActionRequest(requestId, type, Map.of("orderId", "A-1"), new Actor(ActorType.AI, actor, List.of()),
        new Customer(customerId, "vip", "otp"), conversationId, "chat", "chat-backend");
  }

  private static AuditEvent event(ActionRequest request, String actionId, int seq, Instant at, AuditEventType type,
      ActionStatus status) {
    return new AuditEvent(actionId, seq, at, type, request.type(), status, request.actor().id(), AuditEvent.AUTO,
        request.conversationId(), request.customer().id(), request.params(), null, null, null, 3L,
        List.of("rule-1"), null, null);
  }

  private AuditPage search(Q q) {
    return repository.search(q.build());
  }

  private List<String> keys(AuditPage page) {
    return page.items().stream().map(r -> r.actionId().substring(prefix.length()) + "/" + r.seq()).toList();
  }

  private static Q q() {
    return new Q();
  }

  /** Builds a query; unset fields do not filter. */
  private static final class Q {
    ActionStatus status;
    AuditEventType event;
    Instant from;
    Instant to;
    String conversationId;
    String actionType;
    String actor;
    String customerId;
    int limit = 50;
    String cursor;

    Q status(ActionStatus v) { status = v; return this; }
    Q event(AuditEventType v) { event = v; return this; }
    Q from(Instant v) { from = v; return this; }
    Q to(Instant v) { to = v; return this; }
    Q conversationId(String v) { conversationId = v; return this; }
    Q actionType(String v) { actionType = v; return this; }
    Q actor(String v) { actor = v; return this; }
    Q customerId(String v) { customerId = v; return this; }
    Q limit(int v) { limit = v; return this; }
    Q cursor(String v) { cursor = v; return this; }

    AuditQuery build() {
      return new AuditQuery(status, event, from, to, conversationId, actionType, actor, customerId, limit, cursor);
    }
  }
}
