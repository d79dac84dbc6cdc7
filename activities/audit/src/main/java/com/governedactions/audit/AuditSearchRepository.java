package com.governedactions.audit;

import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Searches the audit trail behind {@code GET /api/v1/audit}: newest first, keyset-paged on
 * (occurred_at, id). Both are fixed once a row is written, so a page costs the same at any depth,
 * and rows inserted while a client pages never make it see a row twice or miss one that was there
 * when it started. Each equality filter has an index in that order (V13). Which rows and in which
 * order is {@link AuditFilterSql}'s decision, shared with the CSV export ({@link AuditCsvExporter}).
 *
 * <p>A page is read with {@code random_page_cost} lowered to 1.1 (the usual value for SSDs) for its
 * own transaction only. With PostgreSQL's default of 4, the planner prices the filter's own index,
 * whose rows lie scattered in the table, above walking the newest-first index and discarding
 * non-matching rows, because it assumes matches are spread evenly over time. When the newest rows
 * hold none of the value (an action type no longer used, a status of older actions), that walk
 * reads every newer row: 278 ms instead of 0.1 ms on the benchmark's 5.7 million events
 * (BENCHMARKS.md). At 1.1 the filter's index wins for every value, which is always a bounded read.
 */
@Repository
public class AuditSearchRepository {
  public static final int MAX_LIMIT = 500;

  private static final String COLUMNS = "SELECT " + AuditRecord.COLUMNS + "\n";

  private final NamedParameterJdbcTemplate jdbc;
  private final TransactionTemplate readOnly;

  public AuditSearchRepository(DataSource dataSource) {
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.readOnly.setReadOnly(true);
  }

  /** One page. Throws {@link IllegalArgumentException} naming the fault for a bad limit or cursor. */
  public AuditPage search(AuditQuery query) {
    if (query.limit() < 1 || query.limit() > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + query.limit());
    }
    MapSqlParameterSource params = new MapSqlParameterSource();
    // one extra row says whether a next page exists
    String sql = COLUMNS + AuditFilterSql.rowsInOrder(query, AuditFilterSql.bound(params)) + "\nLIMIT :fetch";
    params.addValue("fetch", query.limit() + 1);
    List<AuditRecord> rows = readOnly.execute(status -> {
      jdbc.getJdbcTemplate().execute("SET LOCAL random_page_cost = 1.1");
      return jdbc.query(sql, params, (row, n) -> AuditRecord.read(row));
    });
    if (rows.size() <= query.limit()) {
      return new AuditPage(rows, null);
    }
    List<AuditRecord> page = List.copyOf(rows.subList(0, query.limit()));
    AuditRecord last = page.get(page.size() - 1);
    return new AuditPage(page, new AuditFilterSql.Position(last.occurredAt(), last.id()).encode());
  }

}
