package com.governedactions.crash;

import com.governedactions.devserver.TemporalDevServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Puts the tail of every log a crash test started (service and worker JVMs, the Temporal dev
 * server) into the message of whatever fails in it, so a CI failure can be read without the
 * files. Register it as a static field; {@link #watch} each log as its process starts.
 */
final class LogTails implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
  private final Map<String, Path> logs = new LinkedHashMap<>();

  /** Includes {@code log} under {@code name} (a later log under the same name replaces it). */
  synchronized void watch(String name, Path log) {
    logs.put(name, log);
  }

  /** The dev server's log of its current start (each start has its own). */
  void watch(TemporalDevServer temporal) {
    watch("temporal dev server " + temporal.log().getFileName(), temporal.log());
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withTails(failure);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withTails(failure);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withTails(failure);
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withTails(failure);
  }

  private synchronized AssertionError withTails(Throwable failure) {
    StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
    logs.forEach((name, log) ->
        message.append("\n\n----- ").append(name).append(": last lines of ").append(log.toAbsolutePath())
            .append(" -----\n").append(ChildJvm.tail(log)));
    AssertionError withTails = new AssertionError(message.toString(), failure);
    withTails.setStackTrace(failure.getStackTrace());
    return withTails;
  }
}
