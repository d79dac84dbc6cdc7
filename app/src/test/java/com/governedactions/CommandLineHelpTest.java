package com.governedactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar governed-actions.jar --help} as a new user types it: usage, exit 0, nothing started. */
class CommandLineHelpTest {

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h"})
  void given_helpFlag_when_theServiceProcessStarts_then_itPrintsUsageAndExits0WithoutStartingSpring(
      String flag, @TempDir Path tmp) throws IOException, InterruptedException {
    Path log = tmp.resolve("service.log");
    ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-cp", mainClassPath(),
        GovernedActionsApplication.class.getName(), flag)
        .redirectErrorStream(true).redirectOutput(log.toFile());
    // Were Spring to start anyway, it would fail on these instead of touching a real database or port.
    Map<String, String> env = builder.environment();
    env.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:" + freePort() + "/never");
    env.put("GOVERNED_TEMPORAL_TARGET", "127.0.0.1:" + freePort());
    env.put("SERVER_PORT", "0");
    Process service = builder.start();

    boolean exited = service.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      service.destroyForcibly().waitFor();
    }
    String output = Files.readString(log);
    assertThat(exited).as("exits on its own\n%s", output).isTrue();
    assertThat(service.exitValue()).as(output).isZero();
    assertThat(output).isEqualTo(CommandLineHelp.USAGE)
        .contains("usage: java -jar governed-actions.jar", "SPRING_DATASOURCE_URL", "GOVERNED_TEMPORAL_TARGET",
            "README.md");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** The main class path only; surefire runs tests from a manifest-only jar and publishes the real path. */
  private static String mainClassPath() {
    String testClassPath = Stream.of("surefire.test.class.path", "java.class.path")
        .map(System::getProperty)
        .filter(path -> path != null && !path.isBlank())
        .findFirst()
        .orElseThrow();
    return Stream.of(testClassPath.split(File.pathSeparator))
        .filter(entry -> !entry.endsWith("test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
