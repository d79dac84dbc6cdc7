package com.governedactions.audit;

import com.governedactions.action.ActionRequest;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Appends audit batches, already redacted, to their actions' hash chains and moves the actions' list
 * rows, in the caller's transaction. Many batches of different actions cost the same two statements
 * as one: the first locks (or creates) every chain head and returns it with ids for the new events
 * and the database's clock; the second inserts all the events, moves the heads and upserts the list
 * rows.
 *
 * <p>Exactly once by construction: events are unique on (action id, seq) and inserted with {@code
 * ON CONFLICT DO NOTHING}; events at or below a chain head were written by an earlier attempt and
 * keep the hash they got then; a list row only moves to a higher seq, so a late retry of an old
 * batch never rewinds its status. Writing the same batch twice is therefore harmless, which is what
 * lets {@link GroupCommit} hand a batch back to its caller after anything went wrong.
 */
final class AuditAppender {
  /** One action's (or stream's) batch, redacted; {@code row} is null for a stream that is not an action. */
  record Append(String actionId, List<Redacted> events, ActionRow row) {}

  /** An event as it may be stored, with its params as JSON text. */
  record Redacted(AuditEvent event, String params) {}

  /** The list row's values for one batch. */
  record ActionRow(
      String actionId, ActionRequest request, BigDecimal amount, String currency, String requestHash,
      AuditEvent latest, Instant createdAt, String storedRequest, ApprovalStage stage) {}

  /**
   * The events of a round, one array per column, so the statement's text is the same for any number
   * of events and PostgreSQL plans it once per connection. Timestamps travel as ISO-8601 text and
   * rule ids as array literals (a column of arrays cannot be unnested), both exact.
   */
  private static final String INSERT_EVENTS =
      """
      INSERT INTO governed.audit_event (id, action_id, seq, occurred_at, recorded_at, event_type, action_type,
          status, requester, decided_by, conversation_id, customer_id, params, connector_status, connector_summary,
          duration_ms, policy_version, rule_ids, detail, note, prev_hash, hash)
      OVERRIDING SYSTEM VALUE
      SELECT id, action_id, seq, occurred_at::timestamptz, recorded_at::timestamptz, event_type, action_type,
          status, requester, decided_by, conversation_id, customer_id, params::jsonb, connector_status,
          connector_summary, duration_ms, policy_version, rule_ids::text[], detail, note, prev_hash, hash
      FROM unnest(?::bigint[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
          ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::bigint[], ?::bigint[],
          ?::text[], ?::text[], ?::text[], ?::bytea[], ?::bytea[])
          AS e(id, action_id, seq, occurred_at, recorded_at, event_type, action_type, status, requester,
              decided_by, conversation_id, customer_id, params, connector_status, connector_summary, duration_ms,
              policy_version, rule_ids, detail, note, prev_hash, hash)
      ON CONFLICT (action_id, seq) DO NOTHING
      """;

  private static final String WANTED = "wanted AS (SELECT * FROM unnest(?::text[], ?::int[]) AS wanted(action_id, events))";

  /** Ids for each batch's events: the hash covers them, so they come before hashing. */
  private static final String HEADS_WITH_IDS =
      """
      SELECT heads.action_id, heads.seq, heads.hash, now() AS recorded_at,
          ARRAY(SELECT nextval(?::regclass) FROM generate_series(1, wanted.events)) AS ids
      """;

  /**
   * Locks each head, creating it at seq 0 if new, waiting for any other transaction that holds it;
   * for a batch written alone.
   */
  private static final String LOCK_HEADS =
      "WITH " + WANTED + ","
          + """
           heads AS (
              INSERT INTO governed.audit_chain_head AS head (action_id, seq, hash)
              SELECT action_id, 0, ? FROM wanted ORDER BY action_id
              ON CONFLICT (action_id) DO UPDATE SET seq = head.seq
              RETURNING action_id, seq, hash)
          """
          + HEADS_WITH_IDS
          + "FROM heads JOIN wanted USING (action_id)";

  /**
   * Locks the heads no other transaction holds and creates the missing ones; a head locked
   * elsewhere is skipped, and its batch left out of the group, so one busy action never holds up a
   * whole group. (A head that another transaction is creating at this moment is waited for: that
   * needs two first batches of one action in flight at once.) The heads are locked in action id
   * order, the same in every group.
   */
  private static final String LOCK_FREE_HEADS =
      "WITH " + WANTED + ","
          + """
           locked AS (
              SELECT head.action_id, head.seq, head.hash
              FROM governed.audit_chain_head AS head JOIN wanted USING (action_id)
              ORDER BY head.action_id
              FOR UPDATE OF head SKIP LOCKED),
           created AS (
              INSERT INTO governed.audit_chain_head (action_id, seq, hash)
              SELECT action_id, 0, ? FROM wanted
              WHERE NOT EXISTS (SELECT 1 FROM governed.audit_chain_head AS head WHERE head.action_id = wanted.action_id)
              ORDER BY action_id
              ON CONFLICT (action_id) DO NOTHING
              RETURNING action_id, seq, hash)
          """
          + HEADS_WITH_IDS
          + "FROM (SELECT * FROM locked UNION ALL SELECT * FROM created) AS heads JOIN wanted USING (action_id)";

  /** Seqs below the head that are neither stored nor removed by retention: they came too late. */
  private static final String MISSING_BELOW_HEAD =
      """
      SELECT s FROM unnest(?::int[]) AS s
      WHERE NOT EXISTS (SELECT 1 FROM governed.audit_event e WHERE e.action_id = ? AND e.seq = s)
        AND NOT EXISTS (SELECT 1 FROM governed.audit_retention_anchor a WHERE a.action_id = ? AND a.seq >= s)
      """;

  private static final String MOVE_HEADS =
      """
      UPDATE governed.audit_chain_head AS head SET seq = moved.seq, hash = moved.hash
      FROM unnest(?::text[], ?::int[], ?::bytea[]) AS moved(action_id, seq, hash)
      WHERE head.action_id = moved.action_id
      """;

  /**
   * The list row only moves to a higher seq, so a late retry of an old batch never rewinds it. A
   * batch with an approval stage also writes the stage while the row's last_seq is its own (a retry
   * rewrites the same), so the stage always belongs to the same event as the status; a batch
   * without one (no approval yet, or from an older worker) leaves what is there.
   */
  private static final String UPSERT_ACTIONS =
      """
      INSERT INTO governed.action AS current (action_id, request_id, type, status, actor_type,
          actor_id, customer_id, conversation_id, channel, amount, currency, request_hash, last_seq,
          created_at, updated_at, order_id, request, approval_tier, approval_tiers, approval_roles,
          approval_required, approved_by, approval_deadline)
      SELECT action_id, request_id, type, status, actor_type, actor_id, customer_id, conversation_id, channel,
          amount, currency, request_hash, last_seq, created_at::timestamptz, updated_at::timestamptz, order_id,
          request::jsonb, approval_tier, approval_tiers, approval_roles::text[], approval_required,
          approved_by::text[], approval_deadline::timestamptz
      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
          ?::numeric[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[],
          ?::int[], ?::text[], ?::int[], ?::text[], ?::text[])
          AS a(action_id, request_id, type, status, actor_type, actor_id, customer_id, conversation_id, channel,
              amount, currency, request_hash, last_seq, created_at, updated_at, order_id, request, approval_tier,
              approval_tiers, approval_roles, approval_required, approved_by, approval_deadline)
      ON CONFLICT (action_id) DO UPDATE
          SET status = CASE WHEN current.last_seq < excluded.last_seq THEN excluded.status ELSE current.status END,
              updated_at = CASE WHEN current.last_seq < excluded.last_seq THEN excluded.updated_at
                  ELSE current.updated_at END,
              last_seq = GREATEST(current.last_seq, excluded.last_seq),
              approval_tier = CASE WHEN excluded.approval_tier IS NULL THEN current.approval_tier
                  ELSE excluded.approval_tier END,
              approval_tiers = CASE WHEN excluded.approval_tier IS NULL THEN current.approval_tiers
                  ELSE excluded.approval_tiers END,
              approval_roles = CASE WHEN excluded.approval_tier IS NULL THEN current.approval_roles
                  ELSE excluded.approval_roles END,
              approval_required = CASE WHEN excluded.approval_tier IS NULL THEN current.approval_required
                  ELSE excluded.approval_required END,
              approved_by = CASE WHEN excluded.approval_tier IS NULL THEN current.approved_by
                  ELSE excluded.approved_by END,
              approval_deadline = CASE WHEN excluded.approval_tier IS NULL THEN current.approval_deadline
                  ELSE excluded.approval_deadline END
          WHERE current.last_seq < excluded.last_seq
              OR (current.last_seq = excluded.last_seq AND excluded.approval_tier IS NOT NULL)
      """;

  private final JdbcTemplate jdbc;
  private final AuditKey key;
  private volatile String idSequence;

  AuditAppender(JdbcTemplate jdbc, AuditKey key) {
    this.jdbc = jdbc;
    this.key = key;
  }

  /**
   * Appends every batch it can lock without waiting, in the caller's transaction.
   *
   * @return the batches left out because another transaction holds their action's chain head (and
   *     any later batch of the same action, to keep its order)
   */
  List<Append> appendGroup(List<Append> group) {
    List<Append> left = new ArrayList<>();
    Set<String> skipped = new HashSet<>();
    for (List<Append> round : rounds(group)) {
      List<Append> lockable = round.stream().filter(append -> !skipped.contains(append.actionId())).toList();
      Set<Append> written = append(lockable, true);
      for (Append append : round) {
        if (!written.contains(append)) {
          skipped.add(append.actionId());
          left.add(append);
        }
      }
    }
    return left;
  }

  /** Appends one batch in the caller's transaction, waiting for its chain head if another holds it. */
  void appendAlone(Append append) {
    append(List.of(append), false);
  }

  /**
   * Splits a group into rounds of distinct actions (one statement cannot lock or upsert a row
   * twice); an action's batches go into rounds in the order they came.
   */
  private static List<List<Append>> rounds(List<Append> group) {
    List<List<Append>> rounds = new ArrayList<>();
    Map<String, Integer> lastRound = new HashMap<>();
    for (Append append : group) {
      int round = lastRound.getOrDefault(append.actionId(), -1) + 1;
      if (round == rounds.size()) {
        rounds.add(new ArrayList<>());
      }
      rounds.get(round).add(append);
      lastRound.put(append.actionId(), round);
    }
    return rounds;
  }

  /** Appends batches of distinct actions; returns those whose heads it locked and so wrote. */
  private Set<Append> append(List<Append> round, boolean skipLocked) {
    if (round.isEmpty()) {
      return Set.of();
    }
    List<Append> sorted = round.stream().sorted(Comparator.comparing(Append::actionId)).toList();
    Map<String, Head> heads = lockHeads(sorted, skipLocked);
    Set<Append> written = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Linked> events = new ArrayList<>();
    List<Linked> newHeads = new ArrayList<>();
    List<ActionRow> rows = new ArrayList<>();
    for (Append append : sorted) {
      Head head = heads.get(append.actionId());
      if (head == null) {
        continue; // locked elsewhere: left for its caller
      }
      written.add(append);
      List<Linked> chained = chain(append, head);
      events.addAll(chained);
      if (!chained.isEmpty()) {
        newHeads.add(chained.get(chained.size() - 1));
      }
      if (append.row() != null) {
        rows.add(append.row());
      }
    }
    write(events, newHeads, rows);
    return written;
  }

  /** The batch's new events linked to the action's chain; seqs at or below the head were written before. */
  private List<Linked> chain(Append append, Head head) {
    // A batch may repeat a seq: the first one wins, as ON CONFLICT DO NOTHING decides.
    TreeMap<Integer, Redacted> bySeq = new TreeMap<>();
    append.events().forEach(event -> bySeq.putIfAbsent(event.event().seq(), event));
    requireStored(append.actionId(), bySeq.headMap(head.seq(), true).keySet(), head.seq());
    List<Redacted> fresh = List.copyOf(bySeq.tailMap(head.seq(), false).values());
    List<Linked> chained = new ArrayList<>(fresh.size());
    byte[] prev = head.hash();
    for (int i = 0; i < fresh.size(); i++) {
      AuditEvent event = fresh.get(i).event();
      ChainedEvent link = new ChainedEvent(
          head.ids()[i], event.actionId(), event.seq(), AuditChainHash.micros(event.occurredAt()), head.recordedAt(),
          event.type().name(), event.actionType(), event.status() == null ? null : event.status().name(),
          event.requester(), event.decidedBy(), event.conversationId(), event.customerId(), fresh.get(i).params(),
          event.connectorStatus(), event.connectorSummary(), event.durationMs(), event.policyVersion(),
          event.ruleIds(), event.detail(), event.note(), prev);
      prev = link.hash(key);
      chained.add(new Linked(link, prev));
    }
    return chained;
  }

  /** The events, the heads they move and the list rows, in one statement. */
  private void write(List<Linked> events, List<Linked> newHeads, List<ActionRow> rows) {
    if (events.isEmpty() && rows.isEmpty()) {
      return;
    }
    String statement;
    if (events.isEmpty()) {
      statement = UPSERT_ACTIONS;
    } else if (rows.isEmpty()) {
      statement = "WITH moved AS (" + MOVE_HEADS + ")\n" + INSERT_EVENTS;
    } else {
      statement = "WITH moved AS (" + MOVE_HEADS + "),\ninserted AS (" + INSERT_EVENTS + ")\n" + UPSERT_ACTIONS;
    }
    jdbc.update(connection -> {
      PreparedStatement ps = connection.prepareStatement(statement);
      Columns columns = new Columns(ps);
      if (!events.isEmpty()) {
        columns.text(newHeads, head -> head.event().actionId());
        columns.int4(newHeads, head -> head.event().seq());
        columns.bytea(newHeads, Linked::hash);
        setEvents(columns, events);
      }
      if (!rows.isEmpty()) {
        setActionRows(columns, rows);
      }
      return ps;
    });
  }

  /** Binds one array parameter per column, in order. */
  private static final class Columns {
    private final PreparedStatement statement;
    private int index = 1;

    Columns(PreparedStatement statement) {
      this.statement = statement;
    }

    <R> void text(List<R> rows, Function<R, String> column) throws SQLException {
      add("text", rows.stream().map(column).toArray(String[]::new));
    }

    <R> void int4(List<R> rows, Function<R, Integer> column) throws SQLException {
      add("int4", rows.stream().map(column).toArray(Integer[]::new));
    }

    <R> void int8(List<R> rows, Function<R, Long> column) throws SQLException {
      add("int8", rows.stream().map(column).toArray(Long[]::new));
    }

    <R> void numeric(List<R> rows, Function<R, BigDecimal> column) throws SQLException {
      add("numeric", rows.stream().map(column).toArray(BigDecimal[]::new));
    }

    <R> void bytea(List<R> rows, Function<R, byte[]> column) throws SQLException {
      add("bytea", rows.stream().map(column).toArray(byte[][]::new));
    }

    private void add(String type, Object[] elements) throws SQLException {
      statement.setArray(index++, statement.getConnection().createArrayOf(type, elements));
    }
  }

  /** A chain head, locked for this transaction, with ids and recorded_at for the batch's events. */
  private record Head(int seq, byte[] hash, Instant recordedAt, long[] ids) {}

  private Map<String, Head> lockHeads(List<Append> sorted, boolean skipLocked) {
    String[] actionIds = sorted.stream().map(Append::actionId).toArray(String[]::new);
    Integer[] counts = sorted.stream().map(append -> append.events().size()).toArray(Integer[]::new);
    Map<String, Head> heads = new HashMap<>();
    jdbc.query(
        skipLocked ? LOCK_FREE_HEADS : LOCK_HEADS,
        row -> {
          heads.put(row.getString("action_id"), new Head(
              row.getInt("seq"), row.getBytes("hash"),
              AuditChainHash.micros(row.getObject("recorded_at", OffsetDateTime.class).toInstant()),
              Arrays.stream((Long[]) row.getArray("ids").getArray()).mapToLong(Long::longValue).toArray()));
        },
        actionIds, counts, AuditChainHash.GENESIS, idSequence());
    return heads;
  }

  /** The identity sequence of audit_event, looked up once. */
  private String idSequence() {
    String sequence = idSequence;
    if (sequence == null) {
      sequence = jdbc.queryForObject("SELECT pg_get_serial_sequence('governed.audit_event', 'id')", String.class);
      idSequence = sequence;
    }
    return sequence;
  }

  /**
   * A seq at or below the head is a retry of something already written. If it is not stored, the
   * event arrived after later ones were chained and cannot join the chain: refuse loudly rather than
   * drop it.
   */
  private void requireStored(String actionId, Set<Integer> seqs, int headSeq) {
    if (seqs.isEmpty()) {
      return;
    }
    List<Integer> missing = jdbc.queryForList(
        MISSING_BELOW_HEAD, Integer.class, seqs.toArray(Integer[]::new), actionId, actionId);
    if (!missing.isEmpty()) {
      throw new IllegalStateException("cannot record audit batch: events " + missing + " of action " + actionId
          + " arrived after its chain reached seq " + headSeq + "; audit events must be recorded in seq order");
    }
  }

  /** An event and the hash that links it. */
  private record Linked(ChainedEvent event, byte[] hash) {}

  private static void setEvents(Columns columns, List<Linked> events) throws SQLException {
    columns.int8(events, linked -> linked.event().id());
    columns.text(events, linked -> linked.event().actionId());
    columns.int4(events, linked -> linked.event().seq());
    columns.text(events, linked -> linked.event().occurredAt().toString());
    columns.text(events, linked -> linked.event().recordedAt().toString());
    columns.text(events, linked -> linked.event().eventType());
    columns.text(events, linked -> linked.event().actionType());
    columns.text(events, linked -> linked.event().status());
    columns.text(events, linked -> linked.event().requester());
    columns.text(events, linked -> linked.event().decidedBy());
    columns.text(events, linked -> linked.event().conversationId());
    columns.text(events, linked -> linked.event().customerId());
    columns.text(events, linked -> linked.event().params());
    columns.int4(events, linked -> linked.event().connectorStatus());
    columns.text(events, linked -> linked.event().connectorSummary());
    columns.int8(events, linked -> linked.event().durationMs());
    columns.int8(events, linked -> linked.event().policyVersion());
    columns.text(events, linked -> arrayLiteral(linked.event().ruleIds()));
    columns.text(events, linked -> linked.event().detail());
    columns.text(events, linked -> linked.event().note());
    columns.bytea(events, linked -> linked.event().prevHash());
    columns.bytea(events, Linked::hash);
  }

  private static void setActionRows(Columns columns, List<ActionRow> rows) throws SQLException {
    columns.text(rows, ActionRow::actionId);
    columns.text(rows, row -> row.request().requestId());
    columns.text(rows, row -> row.request().type());
    columns.text(rows, row -> row.latest().status().name());
    columns.text(rows, row -> row.request().actor() == null || row.request().actor().type() == null
        ? null : row.request().actor().type().json());
    columns.text(rows, row -> row.request().actor() == null ? null : row.request().actor().id());
    columns.text(rows, row -> row.request().customer() == null ? null : row.request().customer().id());
    columns.text(rows, row -> row.request().conversationId());
    columns.text(rows, row -> row.request().channel());
    columns.numeric(rows, ActionRow::amount);
    columns.text(rows, ActionRow::currency);
    columns.text(rows, ActionRow::requestHash);
    columns.int4(rows, row -> row.latest().seq());
    columns.text(rows, row -> row.createdAt().toString());
    columns.text(rows, row -> row.latest().occurredAt().toString());
    columns.text(rows, row -> row.request().params().get("orderId") instanceof String orderId ? orderId : null);
    columns.text(rows, ActionRow::storedRequest);
    // No stage (no approval yet, or a batch from an older worker): nulls, and the row keeps what it has.
    columns.int4(rows, row -> row.stage() == null ? null : row.stage().tier());
    columns.int4(rows, row -> row.stage() == null ? null : row.stage().tiers());
    columns.text(rows, row -> row.stage() == null ? null : arrayLiteral(row.stage().roles()));
    columns.int4(rows, row -> row.stage() == null ? null : row.stage().required());
    columns.text(rows, row -> row.stage() == null ? null : arrayLiteral(row.stage().approvedBy()));
    columns.text(rows, row -> row.stage() == null || row.stage().deadline() == null
        ? null : row.stage().deadline().toString());
  }

  /** A text[] literal, every element quoted: {@code {"a","b \"c\""}}. */
  static String arrayLiteral(List<String> values) {
    StringBuilder literal = new StringBuilder("{");
    for (String value : values) {
      if (literal.length() > 1) {
        literal.append(',');
      }
      literal.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return literal.append('}').toString();
  }
}
