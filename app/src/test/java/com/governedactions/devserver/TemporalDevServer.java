package com.governedactions.devserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Temporal server for tests: the pinned Temporal CLI's {@code server start-dev} (frontend,
 * history and matching services, SQLite persistence, the Temporal UI) in a process of its own, on
 * free ports, with its state in a file under the test's own folder. {@link #kill()} is kill -9;
 * {@link #restart()} starts it again on the same ports and the same file, as an operator would.
 *
 * <p>The CLI is the one {@code dev/temporal.sh install} puts in place (dev/test does it first);
 * {@code GOVERNED_TEMPORAL_CLI} names another binary.
 */
public final class TemporalDevServer implements AutoCloseable {
  /** Where dev/temporal.sh installs the pinned CLI; keep the version in step with that script. */
  static final String CLI_VERSION = "1.9.1";

  private static final Duration START = Duration.ofSeconds(60);
  private static final int PORT_ATTEMPTS = 3;

  private final Path cli;
  private final Path dir;
  private final int port;
  private final int uiPort;
  private final String codecEndpoint;
  private Process process;
  private int starts;

  private TemporalDevServer(Path cli, Path dir, int port, int uiPort, String codecEndpoint) {
    this.cli = cli;
    this.dir = dir;
    this.port = port;
    this.uiPort = uiPort;
    this.codecEndpoint = codecEndpoint;
  }

  /** A dev server whose state and logs live under {@code dir}; no codec endpoint for its UI. */
  public static TemporalDevServer start(Path dir) {
    return start(dir, null);
  }

  /**
   * A dev server whose state and logs live under {@code dir}; its UI asks {@code codecEndpoint}
   * (when not null) to decode payloads. The GovernedAction workflow's search attributes are
   * registered, as dev/temporal.sh does.
   */
  public static TemporalDevServer start(Path dir, String codecEndpoint) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + " for the Temporal dev server", e);
    }
    // A free port found here can be taken by another process before the server binds it (CI saw
    // "bind: address already in use"): then it starts again on other free ports.
    for (int attempt = 1; ; attempt++) {
      TemporalDevServer server =
          new TemporalDevServer(cli(), dir.toAbsolutePath(), freePort(), freePort(), codecEndpoint);
      try {
        server.launch();
        return server;
      } catch (AssertionError e) {
        if (attempt == PORT_ATTEMPTS || !read(server.log()).contains("address already in use")) {
          throw e;
        }
      }
    }
  }

  /** The installed CLI, or an error that says how to install it. */
  public static Path cli() {
    String configured = System.getenv("GOVERNED_TEMPORAL_CLI");
    Path cli =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".local", "share", "governed-actions",
                "temporal-cli-" + CLI_VERSION, "bin", "temporal");
    if (!Files.isExecutable(cli)) {
      throw new IllegalStateException("The Temporal CLI is not installed at " + cli
          + ": run dev/temporal.sh install (dev/test does it), or set GOVERNED_TEMPORAL_CLI");
    }
    return cli;
  }

  /** {@code host:port} of the frontend, for {@code governed.temporal.target}. */
  public String target() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public String uiUrl() {
    return "http://127.0.0.1:" + uiPort;
  }

  public Path dbFile() {
    return dir.resolve("temporal.db");
  }

  /** The log of the current (latest) start. */
  public Path log() {
    return dir.resolve("server-" + starts + ".log");
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** kill -9, then waits for the process to be gone; returns its exit code (137 for SIGKILL). */
  public int kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the Temporal dev server (pid " + process.pid() + ") survived kill -9 for 10s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the Temporal dev server to die", e);
    }
    return process.exitValue();
  }

  /** Starts it again on the same ports and the same SQLite file; fails if it is still running. */
  public void restart() {
    if (isAlive()) {
      throw new IllegalStateException("the Temporal dev server (pid " + process.pid() + ") is still running");
    }
    launch();
  }

  /** Runs the CLI against this server, e.g. {@code run("workflow", "list")}; returns what it printed. */
  public CliResult run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(cli.toString());
    command.addAll(List.of(args));
    command.add("--address");
    command.add(target());
    return CliResult.of(command, dir);
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  private void launch() {
    starts++;
    List<String> command = new ArrayList<>(List.of(
        cli.toString(), "server", "start-dev",
        "--db-filename", dbFile().toString(),
        "--ip", "127.0.0.1",
        "--port", Integer.toString(port),
        "--ui-port", Integer.toString(uiPort),
        "--ui-disable-news-fetch",
        "--search-attribute", "GovernedActionType=Keyword",
        "--search-attribute", "GovernedActionStatus=Keyword",
        "--log-level", "warn"));
    if (codecEndpoint != null) {
      command.add("--ui-codec-endpoint");
      command.add(codecEndpoint);
    }
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log().toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cli, e);
    }
    // Should the test JVM die before its clean-up, no server is left behind.
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "kill-temporal-" + started.pid()));
    awaitHealthy();
  }

  private void awaitHealthy() {
    long deadline = System.nanoTime() + START.toNanos();
    CliResult last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the Temporal dev server exited with " + process.exitValue()
            + " during start-up; its log " + log() + ":\n" + read(log()));
      }
      last = run("operator", "cluster", "health");
      if (last.exitCode() == 0) {
        return;
      }
      sleep(250);
    }
    throw new AssertionError("the Temporal dev server did not answer on " + target() + " within "
        + START.toSeconds() + "s; last health check: " + last + "; log " + log() + ":\n" + read(log()));
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /** What one CLI command printed (stdout and stderr together) and its exit code. */
  public record CliResult(List<String> command, int exitCode, String output) {
    static CliResult of(List<String> command, Path workDir) {
      try {
        Process cli = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        cli.getOutputStream().close();
        byte[] out = cli.getInputStream().readAllBytes();
        if (!cli.waitFor(60, TimeUnit.SECONDS)) {
          cli.destroyForcibly();
          throw new AssertionError("the Temporal CLI did not finish within 60s: " + command);
        }
        return new CliResult(command, cli.exitValue(), new String(out, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot run " + command, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while running " + command, e);
      }
    }

    @Override
    public String toString() {
      return String.join(" ", command) + " -> exit " + exitCode + ":\n" + output;
    }
  }
}
