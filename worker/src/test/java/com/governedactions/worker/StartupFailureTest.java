package com.governedactions.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What a user sees when the service cannot start: one analysed line, no stack traces. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

  @Test
  void given_postgres_unreachable_when_the_worker_process_starts_then_it_exits_non_zero_with_one_line_and_no_stack_trace(
      @TempDir Path tmp) throws IOException, InterruptedException {
    String url = "jdbc:postgresql://localhost:" + TemporalTestApplication.freePort() + "/test";
    String output =
        failedStart(tmp, Duration.ofSeconds(90),
            "--spring.datasource.url=" + url,
            "--governed.worker.enabled=false",
            "--governed.temporal.embedded-port=" + TemporalTestApplication.freePort());

    assertThat(output).contains("PostgreSQL is not reachable at " + url + " (");
    assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Caused by:");
    assertThat(output).as("the raw failure is not printed a second time").doesNotContain("SQL State");
  }

  @Test
  void given_no_temporal_at_the_target_when_the_worker_process_starts_then_it_exits_non_zero_with_one_line_and_no_stack_trace(
      @TempDir Path tmp) throws IOException, InterruptedException {
    String target = "127.0.0.1:" + TemporalTestApplication.freePort();
    String output =
        failedStart(tmp, Duration.ofSeconds(120),
            "--spring.datasource.url="
                + System.getenv().getOrDefault("GOVERNED_TEST_DB_URL", "jdbc:postgresql://localhost:5432/test"),
            "--spring.flyway.ignore-migration-patterns=*:missing",
            "--governed.temporal.target=" + target);

    assertThat(output)
        .contains("Temporal is not reachable at " + target + " (Connection refused")
        .contains("dev/temporal.sh start")
        .contains("GOVERNED_TEMPORAL_TARGET");
    assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Caused by:");
  }

  @Test
  void given_the_embedded_port_taken_when_starting_then_the_analysis_names_the_port_and_the_ways_out(
      CapturedOutput output) throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      SpringApplicationBuilder app =
          new SpringApplicationBuilder(TemporalTestApplication.class).web(WebApplicationType.NONE);

      Throwable failure =
          catchThrowable(() -> app.run("--governed.worker.enabled=false", "--governed.temporal.embedded-port=" + port));

      assertThat(Stream.iterate(failure, Objects::nonNull, Throwable::getCause))
          .hasAtLeastOneElementOfType(EmbeddedTemporalPortUnavailableException.class);

      assertThat(output.getOut())
          .contains("Port " + port + " for the embedded Temporal service is not available")
          .contains("GOVERNED_TEMPORAL_EMBEDDED_PORT");
    }
  }

  /**
   * Runs WorkerApplication in a JVM of its own with {@code args}; asserts it exits on its own
   * within {@code timeout} with a non-zero code, and returns what it printed.
   */
  private static String failedStart(Path tmp, Duration timeout, String... args)
      throws IOException, InterruptedException {
    Path log = tmp.resolve("worker.log");
    List<String> command =
        new ArrayList<>(List.of(javaExecutable(), "-cp", mainClassPath(), WorkerApplication.class.getName()));
    command.addAll(List.of(args));
    Process worker = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();

    boolean exited = worker.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
    if (!exited) {
      worker.destroyForcibly().waitFor();
    }
    String output = Files.readString(log);
    assertThat(exited).as("the process exits on its own\n%s", output).isTrue();
    assertThat(worker.exitValue()).as(output).isNotZero();
    return output;
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /**
   * The main class path only: test classes would be component-scanned into the worker. Surefire
   * runs tests from a manifest-only jar and publishes the real class path separately.
   */
  private static String mainClassPath() {
    String testClassPath =
        Stream.of("surefire.test.class.path", "java.class.path")
            .map(System::getProperty)
            .filter(path -> path != null && !path.isBlank())
            .findFirst()
            .orElseThrow();
    return Stream.of(testClassPath.split(File.pathSeparator))
        .filter(entry -> !entry.endsWith("test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
