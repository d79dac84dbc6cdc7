package com.governedactions;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;

/**
 * {@code --help} / {@code -h} on the service's command line: what the jar is and how to run it,
 * printed before Spring starts, so asking for help never connects to (or migrates) a database.
 */
final class CommandLineHelp {
  private static final Set<String> FLAGS = Set.of("--help", "-h", "-help", "-?");

  static final String USAGE = """
      Governed Actions: REST API, web console, Temporal worker and (dev mode) the sample store, in one process.

      usage: java -jar governed-actions.jar [--name=value ...]
             java -jar governed-actions.jar --help

      Settings are Spring properties, given as --name=value after the jar or as environment variables:
        spring.datasource.url         SPRING_DATASOURCE_URL         audit store, migrated by Flyway at start
                                                                    (default jdbc:postgresql://localhost:5432/postgres)
        spring.datasource.username    SPRING_DATASOURCE_USERNAME    (default postgres)
        spring.datasource.password    SPRING_DATASOURCE_PASSWORD
        spring.flyway.user/.password  SPRING_FLYWAY_USER/_PASSWORD  schema owner that migrates (default: the datasource's)
        server.port                   SERVER_PORT                   REST API and web console (default 8080)
        governed.temporal.target      GOVERNED_TEMPORAL_TARGET      host:port of Temporal; unset: an embedded
                                                                    in-memory Temporal that forgets everything on exit
        governed.temporal.namespace   GOVERNED_TEMPORAL_NAMESPACE   (default default)
        governed.dev-mode             GOVERNED_DEV_MODE             demo tokens and the sample store; never in production
                                                                    (default true when no target is set)
        governed.worker.enabled       GOVERNED_WORKER_ENABLED       false: an API-only process
        governed.security.tokens      SPRING_APPLICATION_JSON       bearer tokens and principals (outside dev mode)
        governed.audit.integrity.key  GOVERNED_AUDIT_INTEGRITY_KEY  HMAC key of the audit hash chain

      Audit verification and retention: see docs/audit-integrity.md (AuditCli).
      Docs: README.md (Configuration lists every setting), docs/ in the source tree;
      the REST API is described in docs/rest-api.md.
      """;

  private CommandLineHelp() {}

  /** Prints the usage and answers true when {@code args} ask for help; the caller then exits 0. */
  static boolean printedFor(String[] args, PrintStream out) {
    if (Arrays.stream(args).noneMatch(FLAGS::contains)) {
      return false;
    }
    out.print(USAGE);
    out.flush();
    return true;
  }
}
