package com.governedactions.audit;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The audit trail's command line, run as the owner role with the service's own settings (same
 * environment variables): {@code verify} checks the chain, the checkpoints and the newest checkpoint
 * kept outside the database; {@code retention} removes old events. Exit status 0 when all is well, 1
 * when verification found a broken event, 2 on bad usage or settings (including a database it cannot
 * reach or one that was never migrated: nothing was checked, so nothing is reported broken). See
 * docs/audit-integrity.md.
 */
public final class AuditCli {
  static final String USAGE = """
      usage: verify
             retention --older-than <ISO-8601 duration, e.g. P365D> --export-dir <directory>
      settings (system property or environment variable, as for the service):
        spring.datasource.url          SPRING_DATASOURCE_URL       (jdbc:postgresql://localhost:5432/postgres)
        spring.flyway.user             SPRING_FLYWAY_USER          (the owner role; else spring.datasource.username, else postgres)
        spring.flyway.password         SPRING_FLYWAY_PASSWORD      (else spring.datasource.password)
        governed.audit.integrity.key   GOVERNED_AUDIT_INTEGRITY_KEY (also .key-id, .checkpoint-directory)
      """;

  private AuditCli() {}

  public static void main(String[] args) {
    System.exit(run(args, AuditCli::setting, System.out, System.err));
  }

  static int run(String[] args, Function<String, String> settings, PrintStream out, PrintStream err) {
    if (args.length == 0 || !(args[0].equals("verify") || args[0].equals("retention"))) {
      err.print(USAGE);
      return 2;
    }
    IntegrityProperties checkpoints;
    try {
      checkpoints = new IntegrityProperties(settings.apply("governed.audit.integrity.key"),
          settings.apply("governed.audit.integrity.key-id"), null,
          Optional.ofNullable(settings.apply("governed.audit.integrity.checkpoint-directory")).map(Path::of).orElse(null),
          false);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    PGSimpleDataSource owner = new PGSimpleDataSource();
    String url = Optional.ofNullable(settings.apply("spring.datasource.url"))
        .orElse("jdbc:postgresql://localhost:5432/postgres");
    owner.setUrl(url);
    owner.setUser(Optional.ofNullable(settings.apply("spring.flyway.user"))
        .or(() -> Optional.ofNullable(settings.apply("spring.datasource.username"))).orElse("postgres"));
    Optional.ofNullable(settings.apply("spring.flyway.password"))
        .or(() -> Optional.ofNullable(settings.apply("spring.datasource.password")))
        .ifPresent(owner::setPassword);
    try {
      Optional<String> unusable = unusableDatabase(owner, url);
      if (unusable.isPresent()) {
        err.println(unusable.get());
        return 2;
      }
      return args[0].equals("verify") ? verify(owner, checkpoints, out) : retention(args, owner, checkpoints, out, err);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      err.println(e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (CannotGetJdbcConnectionException e) {
      // The connection went away mid-run: say so in one line, the operator needs no stack trace.
      err.println(cannotConnect(url, owner, e));
      return 2;
    }
  }

  /**
   * Why the database cannot be checked at all, in one line, or empty: it cannot be reached, or it
   * has no audit trail because no migration ever ran in it.
   */
  private static Optional<String> unusableDatabase(PGSimpleDataSource owner, String url) {
    String database;
    boolean migrated;
    try (Connection connection = owner.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(
            "SELECT current_database(), to_regclass('governed.audit_event') IS NOT NULL")) {
      row.next();
      database = row.getString(1);
      migrated = row.getBoolean(2);
    } catch (SQLException e) {
      return Optional.of(cannotConnect(url, owner, e));
    }
    if (!migrated) {
      return Optional.of("database '" + database + "' (" + url + ") has no audit trail: it was never"
          + " migrated. Migrate it by starting the service (API or worker) once with SPRING_DATASOURCE_URL="
          + url + ", or point SPRING_DATASOURCE_URL at the service's database.");
    }
    return Optional.empty();
  }

  private static String cannotConnect(String url, PGSimpleDataSource owner, Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String reason = Optional.ofNullable(cause.getMessage()).orElse(cause.getClass().getSimpleName())
        .replaceAll("\\s+", " ").trim();
    return "cannot connect to " + url + " as " + owner.getUser() + ": " + reason
        + " (check SPRING_DATASOURCE_URL, SPRING_FLYWAY_USER, SPRING_FLYWAY_PASSWORD and that PostgreSQL is running)";
  }

  private static int verify(PGSimpleDataSource owner, IntegrityProperties checkpoints, PrintStream out)
      throws IllegalArgumentException {
    JdbcTemplate jdbc = new JdbcTemplate(owner);
    String database = jdbc.queryForObject("SELECT current_database()", String.class);
    Optional<Checkpoint> outside;
    try {
      outside = CheckpointFile.read(checkpoints.checkpointDirectory(), database);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read the checkpoint file in " + checkpoints.checkpointDirectory() + ": " + e, e);
    }
    if (outside.isEmpty()) {
      out.println("warning: no checkpoint file for database '" + database + "' in " + checkpoints.checkpointDirectory()
          + "; a rewrite of the whole audit trail would go unnoticed");
    }
    AuditVerification result =
        new AuditVerifier(jdbc, new DataSourceTransactionManager(owner), checkpoints).verify(outside);
    out.println(json(result));
    return result.ok() ? 0 : 1;
  }

  private static int retention(
      String[] args, PGSimpleDataSource owner, IntegrityProperties checkpoints, PrintStream out, PrintStream err) {
    Map<String, String> options = options(args);
    String olderThan = options.get("--older-than");
    String exportDir = options.get("--export-dir");
    if (olderThan == null || exportDir == null) {
      throw new IllegalArgumentException("retention needs --older-than and --export-dir");
    }
    AuditRetention.Result result =
        new AuditRetention(owner, checkpoints).apply(Duration.parse(olderThan), Path.of(exportDir));
    out.println(json(Map.of("cutoff", result.cutoff().toString(), "actions", result.actions(),
        "events", result.events(), "file", result.file() == null ? "" : result.file().toString())));
    return 0;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
      }
      options.put(args[i], args[++i]);
    }
    return options;
  }

  private static String json(Object value) {
    try {
      return JsonMapper.builder().build().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A system property, else the environment variable Spring would read for it. */
  static String setting(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      value = System.getenv(name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace("-", ""));
    }
    return value == null || value.isBlank() ? null : value;
  }
}
