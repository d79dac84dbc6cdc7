package com.governedactions.autonomy;

import com.governedactions.audit.alert.AlertProperties;
import com.governedactions.policy.PolicyDocument;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the autonomy benchmark (bench, AutonomyBenchmark) needs below the module's public entry
 * point: the statistics query without Spring. Shipped in this module's test-jar, so the internals
 * stay package-private.
 */
public final class AutonomyBenchAccess {
  private AutonomyBenchAccess() {}

  /** The evidence per path over [from, to), bands cut by {@code policy}. */
  public static List<PathStats> paths(DataSource dataSource, PolicyDocument policy, Instant from, Instant to) {
    return new AutonomyStatistics(JdbcClient.create(dataSource), AlertProperties.defaults())
        .paths(AmountBands.of(policy), null, from, to);
  }
}
