package com.governedactions.audit;

import static com.governedactions.audit.AuditFixtures.CREATED;
import static com.governedactions.audit.AuditFixtures.batch;
import static com.governedactions.audit.AuditFixtures.event;
import static com.governedactions.audit.AuditFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.ActionStatus;
import com.governedactions.action.audit.AuditEventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActionListRepositoryTest {
  private final String prefix = TestDatabase.uniquePrefix("list");
  // a type and conversation of this test run alone, so other rows in the shared database never count
  private final String type = prefix + "refund";
  private final String conversation = prefix + "conv";
  private final AuditActivitiesImpl writer =
      TestDatabase.auditWriter(new Redactor(RedactionProperties.defaults()));
  private final ActionListRepository repository = new ActionListRepository(TestDatabase.CLIENT);

  @AfterEach
  void deleteRows() {
    TestDatabase.deleteActionsStartingWith(prefix);
  }

  @Test
  void given_typeFilter_when_listed_then_onlyThatTypeNewestFirst() {
    record("a", type, "conv-x", CREATED, ActionStatus.DENIED);
    record("b", type, "conv-y", CREATED.plusSeconds(60), ActionStatus.SUCCEEDED);
    record("c", prefix + "other-type", "conv-x", CREATED.plusSeconds(120), ActionStatus.DENIED);

    ActionListPage page = repository.find(new ActionListFilter(null, type, null, 50, null));

    assertThat(ids(page.items())).containsExactly(prefix + "b", prefix + "a");
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void given_conversationFilter_when_listed_then_onlyThatConversation() {
    record("a", "refund", conversation, CREATED, ActionStatus.DENIED);
    record("b", "cancel_order", conversation, CREATED.plusSeconds(1), ActionStatus.EXECUTING);
    record("c", "refund", prefix + "elsewhere", CREATED.plusSeconds(2), ActionStatus.DENIED);

    ActionListPage page = repository.find(new ActionListFilter(null, null, conversation, 50, null));

    assertThat(ids(page.items())).containsExactly(prefix + "b", prefix + "a");
  }

  @Test
  void given_statusFilter_when_listed_then_onlyActionsInThatStatus() {
    record("waiting", type, conversation, CREATED, ActionStatus.AWAITING_APPROVAL);
    record("done", type, conversation, CREATED.plusSeconds(1), ActionStatus.SUCCEEDED);

    List<ActionListItem> all = allPages(new ActionListFilter(ActionStatus.AWAITING_APPROVAL, null, null, 200, null));

    assertThat(all).extracting(ActionListItem::status).containsOnly(ActionStatus.AWAITING_APPROVAL);
    assertThat(ids(all)).contains(prefix + "waiting").doesNotContain(prefix + "done");
  }

  @Test
  void given_filtersCombined_when_listed_then_allMustMatch() {
    record("a", type, conversation, CREATED, ActionStatus.DENIED);
    record("b", type, conversation, CREATED.plusSeconds(1), ActionStatus.SUCCEEDED);
    record("c", type, prefix + "elsewhere", CREATED.plusSeconds(2), ActionStatus.DENIED);

    ActionListPage page =
        repository.find(new ActionListFilter(ActionStatus.DENIED, type, conversation, 50, null));

    assertThat(ids(page.items())).containsExactly(prefix + "a");
  }

  @Test
  void given_noFilter_when_listed_then_everythingNewestFirst() {
    record("old", type, conversation, CREATED, ActionStatus.DENIED);
    record("new", type, conversation, CREATED.plusSeconds(5), ActionStatus.DENIED);

    List<ActionListItem> all = allPages(new ActionListFilter(null, null, null, 200, null));

    assertThat(ids(all)).containsSubsequence(prefix + "new", prefix + "old");
    assertThat(all).extracting(ActionListItem::createdAt)
        .isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  @Test
  void given_morePagesThanOne_when_pagedThrough_then_everyActionOnceInOrder() {
    // four share one created_at, so the action id must break the tie for paging to be exact
    for (int i = 0; i < 7; i++) {
      record("p" + i, type, conversation, i < 4 ? CREATED : CREATED.plusSeconds(i), ActionStatus.DENIED);
    }
    List<String> expected =
        ids(repository.find(new ActionListFilter(null, type, null, 200, null)).items());

    ActionListPage first = repository.find(new ActionListFilter(null, type, null, 3, null));
    ActionListPage second = repository.find(new ActionListFilter(null, type, null, 3, first.nextCursor()));
    ActionListPage third = repository.find(new ActionListFilter(null, type, null, 3, second.nextCursor()));

    assertThat(expected).containsExactly(
        prefix + "p6", prefix + "p5", prefix + "p4", prefix + "p3", prefix + "p2", prefix + "p1",
        prefix + "p0");
    assertThat(List.of(first.items().size(), second.items().size(), third.items().size()))
        .containsExactly(3, 3, 1);
    List<String> paged = new ArrayList<>(ids(first.items()));
    paged.addAll(ids(second.items()));
    paged.addAll(ids(third.items()));
    assertThat(paged).isEqualTo(expected);
    assertThat(third.nextCursor()).isNull();
  }

  @Test
  void given_lastPageExactlyFull_when_listed_then_itHasNoCursor() {
    for (int i = 0; i < 4; i++) {
      record("f" + i, type, conversation, CREATED.plusSeconds(i), ActionStatus.DENIED);
    }

    ActionListPage first = repository.find(new ActionListFilter(null, type, null, 2, null));
    ActionListPage second = repository.find(new ActionListFilter(null, type, null, 2, first.nextCursor()));

    assertThat(first.nextCursor()).isNotNull();
    assertThat(ids(second.items())).containsExactly(prefix + "f1", prefix + "f0");
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void given_newActionBetweenPages_when_nextPageRead_then_noRepeatsAndNoGaps() {
    for (int i = 0; i < 4; i++) {
      record("n" + i, type, conversation, CREATED.plusSeconds(i), ActionStatus.DENIED);
    }
    ActionListPage first = repository.find(new ActionListFilter(null, type, null, 2, null));

    record("late", type, conversation, CREATED.plusSeconds(100), ActionStatus.DENIED);
    ActionListPage second = repository.find(new ActionListFilter(null, type, null, 2, first.nextCursor()));

    assertThat(ids(first.items())).containsExactly(prefix + "n3", prefix + "n2");
    assertThat(ids(second.items())).containsExactly(prefix + "n1", prefix + "n0");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 201})
  void given_limitOutsideOneTo200_when_listed_then_refusedSayingTheRange(int limit) {
    assertThatThrownBy(() -> repository.find(new ActionListFilter(null, null, null, limit, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be between 1 and 200, was " + limit);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a cursor!", "djE6MTIz", "eDp5Ono", ""})
  void given_cursorNotIssuedByTheList_when_listed_then_refusedSayingWhatToPass(String cursor) {
    assertThatThrownBy(() -> repository.find(new ActionListFilter(null, null, null, 10, cursor)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cursor is not valid");
  }

  @Test
  void given_cursorWithANonNumericPosition_when_listed_then_refused() {
    String cursor = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("v1:yesterday:action-1".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> repository.find(new ActionListFilter(null, null, null, 10, cursor)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cursor is not valid");
  }

  @Test
  void given_recordedAction_when_foundById_then_itsListRowIsReturned() {
    ActionRequest request = request(prefix + "req", "refund", conversation,
        Map.of("orderId", "A-1", "amount", "12.30", "currency", "EUR"));
    writer.record(batch(prefix + "one", request, CREATED,
        event(request, prefix + "one", 1, AuditEventType.REQUESTED, ActionStatus.EVALUATING),
        event(request, prefix + "one", 2, AuditEventType.APPROVAL_REQUESTED,
            ActionStatus.AWAITING_APPROVAL)));

    ActionListItem item = repository.findById(prefix + "one").orElseThrow();

    assertThat(item).usingRecursiveComparison().ignoringFields("amount").isEqualTo(new ActionListItem(
        prefix + "one", prefix + "req", "refund", ActionStatus.AWAITING_APPROVAL, "ai", "support-bot",
        "C-42", conversation, "chat", null, "EUR", CREATED, CREATED.plusSeconds(2)));
    assertThat(item.amount().toPlainString()).isEqualTo("12.30");
  }

  @Test
  void given_unknownId_when_foundById_then_empty() {
    assertThat(repository.findById(prefix + "missing")).isEmpty();
  }

  private void record(String name, String actionType, String conversationId, Instant createdAt,
      ActionStatus status) {
    String actionId = prefix + name;
    ActionRequest request = request(actionId, actionType, conversationId, Map.of("orderId", "A-1"));
    writer.record(batch(actionId, request, createdAt,
        event(request, actionId, 1, AuditEventType.REQUESTED, status)));
  }

  private List<ActionListItem> allPages(ActionListFilter filter) {
    List<ActionListItem> all = new ArrayList<>();
    String cursor = null;
    do {
      ActionListPage page = repository.find(
          new ActionListFilter(filter.status(), filter.type(), filter.conversationId(), filter.limit(), cursor));
      all.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor != null);
    return all;
  }

  private static List<String> ids(List<ActionListItem> items) {
    return items.stream().map(ActionListItem::actionId).toList();
  }
}
