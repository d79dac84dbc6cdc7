package com.governedactions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line verifier and retention job, as an operator runs them. */
class AuditCliTest {
  @TempDir Path checkpoints;
  @TempDir Path exports;
  private Trail trail;
  private Map<String, String> settings;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void trail() {
    trail = new Trail(checkpoints);
    trail.write("action-a", 1, 3, Instant.now().minus(400, ChronoUnit.DAYS));
    trail.write("action-b", 1, 2, Instant.now());
    trail.checkpointer.checkpoint();
    settings = Map.of(
        "spring.datasource.url", trail.db.url,
        "spring.flyway.user", TestDatabase.USER,
        "governed.audit.integrity.checkpoint-directory", checkpoints.toString());
  }

  @AfterEach
  void drop() {
    trail.close();
  }

  @Test
  void given_intactTrail_when_verify_then_exit0AndOk() {
    assertThat(run("verify")).isZero();
    assertThat(out()).isEqualTo("{\"ok\":true,\"checked\":5}\n");
  }

  @Test
  void given_tableRewrittenAndCheckpointsDropped_when_verify_then_exit1NamingTheMissingCheckpoint() {
    trail.owner.execute("SET session_replication_role = replica; DELETE FROM governed.audit_checkpoint_head;"
        + " DELETE FROM governed.audit_checkpoint; RESET session_replication_role");

    assertThat(run("verify")).isEqualTo(1);
    assertThat(out()).contains("\"ok\":false").contains("kept outside the database, is missing");
  }

  @Test
  void given_editedEvent_when_verify_then_exit1NamingIt() {
    trail.owner.execute("SET session_replication_role = replica;"
        + " UPDATE governed.audit_event SET detail = 'x' WHERE action_id = 'action-b' AND seq = 2;"
        + " RESET session_replication_role");

    assertThat(run("verify")).isEqualTo(1);
    assertThat(out()).contains("\"actionId\":\"action-b\",\"seq\":2");
  }

  @Test
  void given_retention_when_run_then_oldEventsLeaveAndTheTrailStillVerifies() {
    assertThat(run("retention", "--older-than", "P365D", "--export-dir", exports.toString())).isZero();
    assertThat(out()).contains("\"events\":3").contains("\"actions\":1");

    out.reset();
    assertThat(run("verify")).isZero();
    assertThat(out()).isEqualTo("{\"ok\":true,\"checked\":2}\n");
  }

  @Test
  void given_badUsage_when_run_then_exit2WithUsage() {
    assertThat(run("retention", "--older-than", "one year", "--export-dir", exports.toString())).isEqualTo(2);
    assertThat(err()).contains("usage:");
    assertThat(run("shred")).isEqualTo(2);
  }

  @Test
  void given_databaseNeverMigrated_when_verify_then_oneLineNamingItAndHowToMigrate_exit2() {
    try (ScratchDatabase empty = ScratchDatabase.empty()) {
      settings = Map.of("spring.datasource.url", empty.url, "spring.flyway.user", TestDatabase.USER,
          "governed.audit.integrity.checkpoint-directory", checkpoints.toString());

      assertThat(run("verify")).isEqualTo(2);
      assertThat(err()).isEqualTo("database '" + empty.name + "' (" + empty.url + ") has no audit trail: it was never"
          + " migrated. Migrate it by starting the service (API or worker) once with SPRING_DATASOURCE_URL="
          + empty.url + ", or point SPRING_DATASOURCE_URL at the service's database.\n");
      assertThat(out()).isEmpty();
      assertThat(empty.ownerJdbc().queryForObject("SELECT to_regnamespace('governed') IS NULL", Boolean.class)).isTrue();
    }
  }

  @Test
  void given_databaseThatDoesNotExist_when_verifyOrRetention_then_oneLineCannotConnect_exit2() {
    String missing = trail.db.url.replaceFirst("/[^/?]+(\\?|$)", "/no_such_database_pb$1");
    settings = Map.of("spring.datasource.url", missing, "spring.flyway.user", TestDatabase.USER,
        "governed.audit.integrity.checkpoint-directory", checkpoints.toString());

    assertThat(run("verify")).isEqualTo(2);
    assertThat(run("retention", "--older-than", "P365D", "--export-dir", exports.toString())).isEqualTo(2);
    assertThat(err().lines()).hasSize(2).allSatisfy(line -> assertThat(line)
        .startsWith("cannot connect to " + missing + " as " + TestDatabase.USER + ": ")
        .contains("no_such_database_pb")
        .doesNotContain("\tat ", "Exception"));
  }

  @Test
  void given_nothingListening_when_verify_then_oneLineCannotConnect_exit2() {
    settings = Map.of("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2",
        "governed.audit.integrity.checkpoint-directory", checkpoints.toString());

    assertThat(run("verify")).isEqualTo(2);
    assertThat(err().lines()).singleElement().asString()
        .startsWith("cannot connect to jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2 as postgres: ")
        .contains("refused");
  }

  private int run(String... args) {
    return AuditCli.run(args, settings::get, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
