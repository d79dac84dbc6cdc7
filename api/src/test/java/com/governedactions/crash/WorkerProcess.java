package com.governedactions.crash;

import com.governedactions.worker.WorkerApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link WorkerApplication} in a JVM of its own, started from this test's classpath, its output in
 * a log file. {@link #kill()} is kill -9: no shutdown hook, no graceful worker shutdown.
 */
final class WorkerProcess {
  /** Logged by Spring Boot just before the ready event, on which the Temporal starter starts polling. */
  private static final String STARTED = "Started WorkerApplication";
  /** What a process killed by SIGKILL exits with (128 + 9); SIGTERM would give 143. */
  static final int SIGKILL_EXIT = 137;

  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the worker; {@code args} are Spring Boot command-line properties (--name=value). */
  static WorkerProcess start(Path log, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Start-up speed only: the crash test measures nothing about the JIT.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Xmx384m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(WorkerApplication.class.getName());
    command.addAll(args);
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      // Should the test JVM die before its clean-up, no worker is left behind polling.
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-worker-" + process.pid()));
      return new WorkerProcess(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the worker JVM: " + command.get(0), e);
    }
  }

  /** Waits until the worker has started (and so polls); fails early if its JVM dies on the way. */
  WorkerProcess awaitStarted(Duration timeout) {
    Await.until("the worker to log '" + STARTED + "' in " + log, timeout, this::started, started -> {
      if (!started && !process.isAlive()) {
        throw new AssertionError("the worker JVM exited with " + process.exitValue()
            + " before it started; its log " + log + " ends with:\n" + tail());
      }
      return started;
    });
    return this;
  }

  /** kill -9, then waits for the JVM to be gone; returns its exit code. */
  int kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the worker JVM (pid " + process.pid() + ") survived kill -9 for 10s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the worker to die", e);
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  private boolean started() {
    return read().contains(STARTED);
  }

  String tail() {
    String text = read();
    return text.substring(Math.max(0, text.length() - 4000));
  }

  private String read() {
    try {
      // Lenient decoding: a log cut off mid-character by kill -9 must still be readable.
      return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the worker log " + log, e);
    }
  }
}
