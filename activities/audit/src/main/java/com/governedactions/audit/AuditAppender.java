package com.governedactions.audit;

import com.governedactions.action.ActionRequest;
import com.governedactions.action.audit.ApprovalStage;
import com.governedactions.action.audit.AuditEvent;
import com.governedactions.action.audit.AuditEventType;
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
 * <p>Exactly once by construction: events are unique on (action id, seq); an event at or below its
 * chain head is a retry of an earlier attempt only if it comes from the same workflow run and has
 * the same content (see {@link #sameContent}), and then it is not written again and the stored row
 * keeps its hash; anything else under a stored key is an {@link AuditConflictException}, never a
 * silent drop. A list row only moves to a higher seq, so a late retry of an old batch never rewinds
 * its status. Writing the same batch twice is therefore harmless, which is what lets {@link
 * GroupCommit} hand a batch back to its caller after anything went wrong.
 */
final class AuditAppender {
  /**
   * One action's (or stream's) batch, redacted; {@code row} is null for a stream that is not an
   * action, {@code runId} for a batch that no workflow run wrote.
   */
  record Append(String actionId, List<Redacted> events, ActionRow row, String runId, Fresh fresh) {
    Append(String actionId, List<Redacted> events, ActionRow row, String runId) {
      this(actionId, events, row, runId, new Fresh());
    }
  }

  /**
   * Which of an append's events its last write found new: those above the chain head it linked to.
   * Set by the attempt that wrote the batch (a group rolled back and the batch written alone sets
   * it again), read by the caller once its write has committed, for the meters: so an event that a
   * retry finds stored is never counted twice.
   */
  static final class Fresh {
    private volatile int headSeq = Integer.MAX_VALUE;

    boolean isNew(AuditEvent event) {
      return event.seq() > headSeq;
    }
  }

  /** An event as it may be stored, with its params and its consent receipt as JSON text. */
  record Redacted(AuditEvent event, String params, String consent) {
    Redacted(AuditEvent event, String params) {
      this(event, params, null);
    }
  }

  /** The list row's values for one batch. */
  record ActionRow(
      String actionId, ActionRequest request, BigDecimal amount, String currency, String requestHash,
      AuditEvent latest, Instant createdAt, String storedRequest, ApprovalStage stage, List<String> rules,
      Instant askedAt) {
    /** Events that start a tier's SLA window. */
    static final Set<AuditEventType> ASKED =
        Set.of(AuditEventType.APPROVAL_REQUESTED, AuditEventType.ESCALATED, AuditEventType.POLICY_RECHECKED);

    /** The row of a batch: the rules of its latest event naming any, and when its latest tier was asked. */
    static ActionRow of(String actionId, ActionRequest request, BigDecimal amount, String currency,
        String requestHash, List<AuditEvent> events, Instant createdAt, String storedRequest, ApprovalStage stage) {
      AuditEvent latest = events.stream().max(Comparator.comparingInt(AuditEvent::seq)).orElseThrow();
      List<String> rules = events.stream().filter(e -> e.ruleIds() != null && !e.ruleIds().isEmpty())
          .max(Comparator.comparingInt(AuditEvent::seq)).map(AuditEvent::ruleIds).orElse(null);
      Instant askedAt = events.stream().filter(e -> ASKED.contains(e.type())).map(AuditEvent::occurredAt)
          .max(Comparator.naturalOrder()).orElse(null);
      return new ActionRow(actionId, request, amount, currency, requestHash, latest, createdAt, storedRequest, stage,
          rules, askedAt);
    }
  }

  /**
   * The events of a round, one array per column, so the statement's text is the same for any number
   * of events and PostgreSQL plans it once per connection. Timestamps travel as ISO-8601 text and
   * rule ids as array literals (a column of arrays cannot be unnested), both exact.
   */
  private static final String INSERT_EVENTS =
      """
      INSERT INTO governed.audit_event (id, action_id, seq, occurred_at, recorded_at, event_type, action_type,
          status, requester, decided_by, conversation_id, customer_id, params, connector_status, connector_summary,
          duration_ms, policy_version, rule_ids, detail, note, consent, prev_hash, hash)
      OVERRIDING SYSTEM VALUE
      SELECT id, action_id, seq, occurred_at::timestamptz, recorded_at::timestamptz, event_type, action_type,
          status, requester, decided_by, conversation_id, customer_id, params::jsonb, connector_status,
          connector_summary, duration_ms, policy_version, rule_ids::text[], detail, note, consent::jsonb, prev_hash,
          hash
      FROM unnest(?::bigint[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
          ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::bigint[], ?::bigint[],
          ?::text[], ?::text[], ?::text[], ?::text[], ?::bytea[], ?::bytea[])
          AS e(id, action_id, seq, occurred_at, recorded_at, event_type, action_type, status, requester,
              decided_by, conversation_id, customer_id, params, connector_status, connector_summary, duration_ms,
              policy_version, rule_ids, detail, note, consent, prev_hash, hash)
      """;

  private static final String WANTED = "wanted AS (SELECT * FROM unnest(?::text[], ?::int[]) AS wanted(action_id, events))";

  /** Ids for each batch's events: the hash covers them, so they come before hashing. */
  private static final String HEADS_WITH_IDS =
      """
      SELECT heads.action_id, heads.seq, heads.hash, heads.run_id, now() AS recorded_at,
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
              RETURNING action_id, seq, hash, run_id)
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
              SELECT head.action_id, head.seq, head.hash, head.run_id
              FROM governed.audit_chain_head AS head JOIN wanted USING (action_id)
              ORDER BY head.action_id
              FOR UPDATE OF head SKIP LOCKED),
           created AS (
              INSERT INTO governed.audit_chain_head (action_id, seq, hash)
              SELECT action_id, 0, ? FROM wanted
              WHERE NOT EXISTS (SELECT 1 FROM governed.audit_chain_head AS head WHERE head.action_id = wanted.action_id)
              ORDER BY action_id
              ON CONFLICT (action_id) DO NOTHING
              RETURNING action_id, seq, hash, run_id)
          """
          + HEADS_WITH_IDS
          + "FROM (SELECT * FROM locked UNION ALL SELECT * FROM created) AS heads JOIN wanted USING (action_id)";

  /**
   * What is stored under seqs at or below the head, to compare a retry with: the stored event (all
   * nulls if there is none) and whether retention removed that seq. Only a batch that repeats
   * stored seqs pays for it.
   */
  private static final String STORED_BELOW_HEAD =
      """
      SELECT w.s AS wanted_seq, e.id IS NOT NULL AS stored,
          EXISTS (SELECT 1 FROM governed.audit_retention_anchor a WHERE a.action_id = ? AND a.seq >= w.s) AS retired,
          e.*
      FROM unnest(?::int[]) AS w(s)
      LEFT JOIN LATERAL (SELECT\s"""
          + AuditRecord.COLUMNS
          + """
       FROM governed.audit_event WHERE action_id = ? AND seq = w.s) AS e ON true
      ORDER BY w.s
      """;

  /** A batch without a run id leaves the head's. */
  private static final String MOVE_HEADS =
      """
      UPDATE governed.audit_chain_head AS head
      SET seq = moved.seq, hash = moved.hash, run_id = COALESCE(moved.run_id, head.run_id)
      FROM unnest(?::text[], ?::int[], ?::bytea[], ?::text[]) AS moved(action_id, seq, hash, run_id)
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
          approval_required, approved_by, approval_deadline, rules, approval_asked_at)
      SELECT action_id, request_id, type, status, actor_type, actor_id, customer_id, conversation_id, channel,
          amount, currency, request_hash, last_seq, created_at::timestamptz, updated_at::timestamptz, order_id,
          request::jsonb, approval_tier, approval_tiers, approval_roles::text[], approval_required,
          approved_by::text[], approval_deadline::timestamptz, rules::text[], approval_asked_at::timestamptz
      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
          ?::numeric[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[],
          ?::int[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[])
          AS a(action_id, request_id, type, status, actor_type, actor_id, customer_id, conversation_id, channel,
              amount, currency, request_hash, last_seq, created_at, updated_at, order_id, request, approval_tier,
              approval_tiers, approval_roles, approval_required, approved_by, approval_deadline, rules,
              approval_asked_at)
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
                  ELSE excluded.approval_deadline END,
              rules = COALESCE(excluded.rules, current.rules),
              approval_asked_at = COALESCE(excluded.approval_asked_at, current.approval_asked_at)
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
    List<NewHead> newHeads = new ArrayList<>();
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
        Linked last = chained.get(chained.size() - 1);
        newHeads.add(new NewHead(append.actionId(), last.event().seq(), last.hash(), append.runId()));
      }
      if (append.row() != null) {
        rows.add(append.row());
      }
    }
    write(events, newHeads, rows);
    return written;
  }

  /**
   * The batch's new events linked to the action's chain. Seqs at or below the head were written
   * before: they must be a retry (same run, same content) and are not written again.
   */
  private List<Linked> chain(Append append, Head head) {
    TreeMap<Integer, Redacted> bySeq = new TreeMap<>();
    for (Redacted event : append.events()) {
      Redacted first = bySeq.putIfAbsent(event.event().seq(), event);
      if (first != null && !sameContent(candidate(first, 0, head.recordedAt(), AuditChainHash.GENESIS),
          candidate(event, 0, head.recordedAt(), AuditChainHash.GENESIS))) {
        throw new AuditConflictException("cannot record audit batch: it holds two different events with seq "
            + event.event().seq() + " for action " + append.actionId() + "; a seq names one event");
      }
    }
    requireRetries(append, bySeq.headMap(head.seq(), true), head);
    append.fresh().headSeq = head.seq();
    List<Redacted> fresh = List.copyOf(bySeq.tailMap(head.seq(), false).values());
    List<Linked> chained = new ArrayList<>(fresh.size());
    byte[] prev = head.hash();
    for (int i = 0; i < fresh.size(); i++) {
      AuditRecord link = candidate(fresh.get(i), head.ids()[i], head.recordedAt(), prev);
      prev = link.hash(key);
      chained.add(new Linked(link, prev));
    }
    return chained;
  }

  /** The event as it would be stored with that id, time of recording and link. */
  private static AuditRecord candidate(Redacted redacted, long id, Instant recordedAt, byte[] prev) {
    AuditEvent event = redacted.event();
    return new AuditRecord(
        id, event.actionId(), event.seq(), AuditChainHash.micros(event.occurredAt()), recordedAt,
        event.type().name(), event.actionType(), event.status() == null ? null : event.status().name(),
        event.requester(), event.decidedBy(), event.conversationId(), event.customerId(), redacted.params(),
        event.connectorStatus(), event.connectorSummary(), event.durationMs(), event.policyVersion(),
        event.ruleIds(), event.detail(), event.note(), redacted.consent(), prev);
  }

  /**
   * Whether {@code retry} is the event {@code stored} records: equal in every field the hash covers
   * except those a retry takes anew — the id and recorded_at (the database's), the link (derived),
   * and occurred_at and duration_ms, which are readings of the workflow clock: a workflow task run
   * again after a crash reads the clock again. Params compare in canonical form, as the hash does.
   * So the comparison is the hash itself, of {@code retry} with those fields taken from {@code
   * stored}.
   */
  private boolean sameContent(AuditRecord stored, AuditRecord retry) {
    AuditRecord aligned = new AuditRecord(
        stored.id(), retry.actionId(), retry.seq(), stored.occurredAt(), stored.recordedAt(), retry.event(),
        retry.actionType(), retry.status(), retry.requester(), retry.decidedBy(), retry.conversationId(),
        retry.customerId(), retry.params(), retry.connectorStatus(), retry.connectorSummary(), stored.durationMs(),
        retry.policyVersion(), retry.ruleIds(), retry.detail(), retry.note(),
        consentWithTimesOf(stored.consent(), retry.consent()), stored.prevHash());
    return java.security.MessageDigest.isEqual(stored.hash(key), aligned.hash(key));
  }

  /** The receipt's own readings of the workflow clock: a retry takes them anew, like occurred_at. */
  private static final List<String> CONSENT_TIMES = List.of("issuedAt", "expiresAt", "confirmedAt", "declinedAt",
      "expiredAt");
  private static final com.fasterxml.jackson.databind.ObjectMapper CONSENT_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** {@code retry}'s receipt with the clock readings of {@code stored}'s; as is when either has none. */
  private static String consentWithTimesOf(String stored, String retry) {
    if (stored == null || retry == null) {
      return retry;
    }
    try {
      var storedTree = CONSENT_JSON.readTree(stored);
      var retryTree = CONSENT_JSON.readTree(retry);
      if (!(storedTree instanceof com.fasterxml.jackson.databind.node.ObjectNode)
          || !(retryTree instanceof com.fasterxml.jackson.databind.node.ObjectNode aligned)) {
        return retry;
      }
      for (String field : CONSENT_TIMES) {
        if (storedTree.has(field)) {
          aligned.set(field, storedTree.get(field));
        } else {
          aligned.remove(field);
        }
      }
      return CONSENT_JSON.writeValueAsString(aligned);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return retry; // not JSON: compared as it is, and so found different
    }
  }

  /** The events, the heads they move and the list rows, in one statement. */
  private void write(List<Linked> events, List<NewHead> newHeads, List<ActionRow> rows) {
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
        columns.text(newHeads, NewHead::actionId);
        columns.int4(newHeads, NewHead::seq);
        columns.bytea(newHeads, NewHead::hash);
        columns.text(newHeads, NewHead::runId);
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

  /**
   * A chain head, locked for this transaction, with ids and recorded_at for the batch's events;
   * {@code runId} is the workflow run that last moved it, or null if unknown.
   */
  private record Head(int seq, byte[] hash, String runId, Instant recordedAt, long[] ids) {}

  /** Where a batch moves its action's head. */
  private record NewHead(String actionId, int seq, byte[] hash, String runId) {}

  private Map<String, Head> lockHeads(List<Append> sorted, boolean skipLocked) {
    String[] actionIds = sorted.stream().map(Append::actionId).toArray(String[]::new);
    Integer[] counts = sorted.stream().map(append -> append.events().size()).toArray(Integer[]::new);
    Map<String, Head> heads = new HashMap<>();
    jdbc.query(
        skipLocked ? LOCK_FREE_HEADS : LOCK_HEADS,
        row -> {
          heads.put(row.getString("action_id"), new Head(
              row.getInt("seq"), row.getBytes("hash"), row.getString("run_id"),
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
   * Seqs at or below the head must be a retry of what is stored: from the run that moved the head
   * (when both runs are known) and with the same content; else an {@link AuditConflictException}.
   * A seq removed by retention cannot be compared and counts as written. A seq that is not stored
   * arrived after later ones were chained and cannot join the chain: refused loudly too, rather
   * than dropped.
   */
  private void requireRetries(Append append, Map<Integer, Redacted> belowHead, Head head) {
    if (belowHead.isEmpty()) {
      return;
    }
    String actionId = append.actionId();
    if (head.runId() != null && append.runId() != null && !head.runId().equals(append.runId())) {
      throw new AuditConflictException("cannot record audit batch: action " + actionId + " already has events up to"
          + " seq " + head.seq() + ", written by workflow run " + head.runId() + "; this batch of run "
          + append.runId() + " repeats seqs " + belowHead.keySet() + ". A second run of a workflow id whose audit"
          + " trail exists (Temporal lost or forgot the first run, or a client started it again) must not be"
          + " merged into that trail; start the action under a new request id.");
    }
    List<Integer> missing = new ArrayList<>();
    List<Integer> different = new ArrayList<>();
    jdbc.query(STORED_BELOW_HEAD, row -> {
      int seq = row.getInt("wanted_seq");
      if (row.getBoolean("stored")) {
        AuditRecord stored = AuditRecord.read(row);
        if (!sameContent(stored, candidate(belowHead.get(seq), 0, head.recordedAt(), AuditChainHash.GENESIS))) {
          different.add(seq);
        }
      } else if (!row.getBoolean("retired")) {
        missing.add(seq);
      }
    }, actionId, belowHead.keySet().toArray(Integer[]::new), actionId);
    if (!different.isEmpty()) {
      throw new AuditConflictException("cannot record audit batch: events " + different + " of action " + actionId
          + " are already stored with different content; an audit event is never rewritten or dropped."
          + " Compare the stored events (GET /api/v1/audit?actionId=" + actionId + ") with this batch.");
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("cannot record audit batch: events " + missing + " of action " + actionId
          + " arrived after its chain reached seq " + head.seq() + "; audit events must be recorded in seq order");
    }
  }

  /** An event and the hash that links it. */
  private record Linked(AuditRecord event, byte[] hash) {}

  private static void setEvents(Columns columns, List<Linked> events) throws SQLException {
    columns.int8(events, linked -> linked.event().id());
    columns.text(events, linked -> linked.event().actionId());
    columns.int4(events, linked -> linked.event().seq());
    columns.text(events, linked -> linked.event().occurredAt().toString());
    columns.text(events, linked -> linked.event().recordedAt().toString());
    columns.text(events, linked -> linked.event().event());
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
    columns.text(events, linked -> linked.event().consent());
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
    columns.text(rows, row -> row.rules() == null ? null : arrayLiteral(row.rules()));
    columns.text(rows, row -> row.askedAt() == null ? null : row.askedAt().toString());
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
