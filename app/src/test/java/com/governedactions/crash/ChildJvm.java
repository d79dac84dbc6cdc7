package com.governedactions.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One of this project's Spring Boot applications (the one-command service or the worker alone) in
 * a JVM of its own, started from this test's classpath, its output in a log file. {@link #kill()}
 * is kill -9: no shutdown hook, no graceful worker shutdown.
 */
final class ChildJvm {
  /** What a process killed by SIGKILL exits with (128 + 9); SIGTERM would give 143. */
  static final int SIGKILL_EXIT = 137;
  private static final int TAIL_LINES = 40;
  private static final Pattern STACK_FRAME = Pattern.compile("\\s+(at |\\.\\.\\. \\d+ (more|common frames omitted))");

  private final String name;
  private final String started;
  private final Process process;
  private final Path log;

  private ChildJvm(String name, String started, Process process, Path log) {
    this.name = name;
    this.started = started;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass}; {@code args} are Spring Boot command-line properties (--name=value).
   * Returns at once: {@link #awaitStarted} waits for it.
   */
  static ChildJvm start(String name, Class<?> mainClass, String maxHeap, Path log, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Start-up speed only: the crash tests measure nothing about the JIT.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Xmx" + maxHeap);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      // Should the test JVM die before its clean-up, nothing is left behind polling or serving.
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-" + name));
      // Logged by Spring Boot just before the ready event, on which the Temporal starter starts polling.
      return new ChildJvm(name, "Started " + mainClass.getSimpleName(), process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + name + " JVM: " + command.get(0), e);
    }
  }

  /** Waits until the application has started; fails early, with its log, if its JVM dies on the way. */
  ChildJvm awaitStarted(Duration timeout) {
    Await.until(name + " (pid " + pid() + ") to log '" + started + "' in " + log, timeout, this::hasStarted,
        hasStarted -> {
          if (!hasStarted && !process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue()
                + " before it started; its log " + log + " ends with:\n" + tail());
          }
          return hasStarted;
        });
    return this;
  }

  /** kill -9, then waits for the JVM to be gone; returns its exit code. */
  int kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new AssertionError(name + " (pid " + pid() + ") survived kill -9 for 10s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + name + " to die", e);
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  /** The Temporal identity the SDK gives this JVM's clients and workers by default: pid@host. */
  boolean isTemporalIdentity(String identity) {
    return identity != null && identity.startsWith(pid() + "@");
  }

  private boolean hasStarted() {
    return read(log).contains(started);
  }

  String tail() {
    return tail(log);
  }

  /** The last lines of {@code file}, for a failure message; stack frames left out, their exceptions kept. */
  static String tail(Path file) {
    List<String> lines = read(file).lines().filter(line -> !STACK_FRAME.matcher(line).lookingAt()).toList();
    String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    return tail.length() > 8000 ? tail.substring(tail.length() - 8000) : tail;
  }

  private static String read(Path file) {
    try {
      // Lenient decoding: a log cut off mid-character by kill -9 must still be readable.
      return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log " + file, e);
    }
  }
}
