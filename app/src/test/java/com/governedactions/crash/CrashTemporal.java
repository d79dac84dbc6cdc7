package com.governedactions.crash;

import com.governedactions.devserver.TemporalDevServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one Temporal dev server of the crash suite: every crash IT in this JVM uses it, so it starts
 * once (about a second, but the workers' and services' connections are what is costly). A test
 * that kills it restarts it itself; {@link #running()} restarts it should a failed test not have.
 * It is stopped with the test JVM (TemporalDevServer's own shutdown hook).
 */
final class CrashTemporal {
  static final Path LOGS = Path.of("target", "crash-it");
  private static final Path DIR = LOGS.resolve("temporal");

  private static TemporalDevServer server;

  private CrashTemporal() {}

  /** The running server: started (on a fresh SQLite file) on first use, restarted if it is down. */
  static synchronized TemporalDevServer running() {
    if (server == null) {
      // A previous run's workflows would wake up in this run's workers: start from an empty file.
      deleteRecursively(DIR);
      server = TemporalDevServer.start(DIR);
    } else if (!server.isAlive()) {
      server.restart();
    }
    return server;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir + " for a fresh Temporal dev server", e);
    }
  }
}
