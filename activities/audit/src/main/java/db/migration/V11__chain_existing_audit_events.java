package db.migration;

import com.governedactions.audit.AuditKey;
import com.governedactions.audit.ChainLinker;
import com.governedactions.audit.AuditRecord;
import com.governedactions.audit.IntegrityProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Chains the audit events written before V10, in (action, seq) order, with the same keyed hash the
 * writer uses (it is Java, so the backfill is Java too), then makes both hash columns required. Runs
 * before V12 makes the rows immutable. The key comes from the Flyway placeholder {@code audit-key},
 * which governed-defaults.yml fills from {@code governed.audit.integrity.key}; unset, the dev key.
 * The linking loop is {@link ChainLinker}'s, the one the benchmark's seed uses too.
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
        PreparedStatement chainHead = connection.prepareStatement(
            "INSERT INTO governed.audit_chain_head (action_id, seq, hash) VALUES (?, ?, ?)")) {
      select.setFetchSize(BATCH);
      try (ResultSet rows = select.executeQuery(
          "SELECT " + AuditRecord.COLUMNS_BEFORE_CONSENT + " FROM governed.audit_event ORDER BY action_id, seq")) {
        ChainLinker.link(rows, key, new ChainLinker.Sink() {
          private int pending;

          @Override
          public void event(AuditRecord linked, byte[] hash) throws SQLException {
            link.setBytes(1, linked.prevHash());
            link.setBytes(2, hash);
            link.setLong(3, linked.id());
            link.addBatch();
            if (++pending % BATCH == 0) {
              link.executeBatch();
              chainHead.executeBatch();
            }
          }

          @Override
          public void head(String actionId, int seq, byte[] hash) throws SQLException {
            chainHead.setString(1, actionId);
            chainHead.setInt(2, seq);
            chainHead.setBytes(3, hash);
            chainHead.addBatch();
          }
        });
      }
      link.executeBatch();
      chainHead.executeBatch();
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
}
