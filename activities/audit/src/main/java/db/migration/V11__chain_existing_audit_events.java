package db.migration;

import com.governedactions.audit.AuditChainHash;
import com.governedactions.audit.AuditKey;
import com.governedactions.audit.ChainedEvent;
import com.governedactions.audit.IntegrityProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Chains the audit events written before V10, in (action, seq) order, with the same keyed hash the
 * writer uses (it is Java, so the backfill is Java too), then makes both hash columns required. Runs
 * before V12 makes the rows immutable. The key comes from the Flyway placeholder {@code audit-key},
 * which governed-defaults.yml fills from {@code governed.audit.integrity.key}; unset, the dev key.
 */
public class V11__chain_existing_audit_events extends BaseJavaMigration {
  private static final int BATCH = 1000;

  @Override
  public void migrate(Context context) throws Exception {
    AuditKey key = new IntegrityProperties(auditKey(context), null, null, null, null).auditKey();
    Connection connection = context.getConnection();
    try (Statement select = connection.createStatement();
        PreparedStatement link =
            connection.prepareStatement("UPDATE governed.audit_event SET prev_hash = ?, hash = ? WHERE id = ?");
        PreparedStatement head = connection.prepareStatement(
            "INSERT INTO governed.audit_chain_head (action_id, seq, hash) VALUES (?, ?, ?)")) {
      select.setFetchSize(BATCH);
      String action = null;
      byte[] prev = AuditChainHash.GENESIS;
      int lastSeq = 0;
      int pending = 0;
      try (ResultSet rows = select.executeQuery(
          "SELECT " + ChainedEvent.COLUMNS + " FROM governed.audit_event ORDER BY action_id, seq")) {
        while (rows.next()) {
          ChainedEvent event = ChainedEvent.read(rows);
          if (!event.actionId().equals(action)) {
            addHead(head, action, lastSeq, prev);
            action = event.actionId();
            prev = AuditChainHash.GENESIS;
          }
          ChainedEvent linked = event.withPrevHash(prev);
          prev = linked.hash(key);
          lastSeq = linked.seq();
          link.setBytes(1, linked.prevHash());
          link.setBytes(2, prev);
          link.setLong(3, linked.id());
          link.addBatch();
          if (++pending % BATCH == 0) {
            link.executeBatch();
            head.executeBatch();
          }
        }
      }
      addHead(head, action, lastSeq, prev);
      link.executeBatch();
      head.executeBatch();
    }
    try (Statement required = connection.createStatement()) {
      required.execute(
          "ALTER TABLE governed.audit_event ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL");
    }
  }

  private static String auditKey(Context context) {
    return context.getConfiguration().getPlaceholders().entrySet().stream()
        .filter(placeholder -> placeholder.getKey().replaceAll("[-_]", "").equalsIgnoreCase("auditkey"))
        .map(java.util.Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  private static void addHead(PreparedStatement head, String action, int seq, byte[] hash) throws Exception {
    if (action == null) {
      return;
    }
    head.setString(1, action);
    head.setInt(2, seq);
    head.setBytes(3, hash);
    head.addBatch();
  }
}
