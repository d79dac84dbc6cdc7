package com.governedactions.worker;

import java.io.File;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Turns "cannot connect to PostgreSQL" at start into one line that names the JDBC URL and says how
 * to fix it, instead of a wall of nested stack traces. Other SQL failures (a broken migration, say)
 * keep Spring Boot's full report.
 */
class DatabaseUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {
  private final Environment environment;

  DatabaseUnavailableFailureAnalyzer(Environment environment) {
    this.environment = environment;
  }

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
    String problem = problem(cause);
    if (problem == null) {
      return null;
    }
    // One line, no Action section: the line already says what to do.
    return new FailureAnalysis(problem, null, cause);
  }

  private String problem(SQLException cause) {
    String state = cause.getSQLState();
    if (state == null) {
      return null;
    }
    String url = environment.getProperty("spring.datasource.url", "(spring.datasource.url is not set)");
    // SQLState classes: 08 connection exception, 28 invalid authorization, 3D000 unknown database.
    if (state.startsWith("08")) {
      return "PostgreSQL is not reachable at " + url + " (" + reason(cause) + "): start PostgreSQL"
          + localStartCommand() + ", or set SPRING_DATASOURCE_URL to one that is running.";
    }
    if (state.startsWith("28")) {
      return "PostgreSQL at " + url + " refused the login (" + reason(cause) + "):"
          + " set SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD to an account of that server.";
    }
    if (state.equals("3D000")) {
      return "The database of " + url + " does not exist (" + reason(cause) + "):"
          + " create it, or set SPRING_DATASOURCE_URL to an existing database.";
    }
    return null;
  }

  /** The driver's first sentence; the rest of its message is generic advice. */
  private static String reason(SQLException e) {
    if (e.getCause() instanceof UnknownHostException unknown) {
      return "unknown host " + unknown.getMessage();
    }
    String message = String.valueOf(e.getMessage());
    int end = message.indexOf(". ");
    return end < 0 ? message.strip() : message.substring(0, end);
  }

  /** On Debian-style hosts with one local cluster, the exact command that starts it. */
  private static String localStartCommand() {
    File[] versions = new File("/etc/postgresql").listFiles(File::isDirectory);
    if (versions == null || versions.length != 1) {
      return "";
    }
    return " (on this machine: pg_ctlcluster " + versions[0].getName() + " main start)";
  }
}
