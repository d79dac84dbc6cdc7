package com.governedactions.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.governedactions.devserver.TemporalDevServer;
import com.governedactions.e2e.LiveService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's "The Temporal contract" section, run as written: each fenced bash block of that
 * section, in order, in bash, against a Temporal dev server and the service in dev mode. Only what
 * differs from the reader's dev stack is swapped: the frontend address (TEMPORAL_ADDRESS and
 * localhost:7233), the service's port (localhost:8080) and the workflow id (the story's
 * action-conv-81-msg-12). So the README cannot drift from what works.
 */
class ReadmeTemporalCliIT {
  private static final String SECTION = "## The Temporal contract";
  private static final String README_WORKFLOW_ID = "action-conv-81-msg-12";
  private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
  private static final String ENCRYPTED_BASE64 = "YmluYXJ5L2VuY3J5cHRlZA==";

  private static DevStack stack;
  private static Path workDir;

  @BeforeAll
  static void startDevStack() throws IOException {
    workDir = Files.createDirectories(Path.of("target", "readme-cli-it").toAbsolutePath());
    stack = DevStack.start(workDir);
  }

  @AfterAll
  static void stopDevStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void given_refundAwaitingApproval_when_theReadmesTemporalCommandsRunAsWritten_then_listedDecodedAndApprovedToSucceeded()
      throws Exception {
    List<String> blocks = bashBlocks(Files.readString(repoRoot().resolve("README.md")));
    assertThat(blocks).as("the README's CLI examples")
        .anyMatch(b -> b.contains("temporal workflow list")).anyMatch(b -> b.contains("temporal workflow describe"))
        .anyMatch(b -> b.contains("temporal workflow query")).anyMatch(b -> b.contains("temporal workflow signal"));
    String orderId = LiveService.newOrder("CLI-", "C-7", "PAID", "120.00");
    String actionId = stack.refundAwaitingApproval(orderId, "89.50");
    String unconfirmed = stack.refundAwaitingConfirmation(LiveService.newOrder("CLI-", "C-7", "PAID", "120.00"), "89.50");

    for (String block : blocks) {
      if (block.contains("dev/temporal.sh path")) {
        Run setup = run(block + "\ncommand -v temporal", false);
        assertThat(setup.exitCode()).as(setup.toString()).isZero();
        String[] lines = setup.output().strip().split("\n");
        assertThat(Path.of(lines[lines.length - 1])).as(setup.toString()).isExecutable().endsWith(Path.of("bin", "temporal"));
      } else if (block.contains("temporal workflow list")) {
        Run list = awaitListed(block, actionId);
        assertThat(list.output()).as(list.toString()).doesNotContain(unconfirmed);
      } else if (block.contains("temporal workflow describe")) {
        Run describe = succeeded(run(swap(block, actionId), true));
        assertThat(describe.output()).contains(actionId).contains("AWAITING_APPROVAL").contains("governed-actions");
      } else if (block.contains("temporal workflow query")) {
        Run query = succeeded(run(swap(block, actionId), true));
        assertThat(query.output()).contains("\"orderId\":\"" + orderId + "\"").contains("\"amount\":\"89.50\"")
            .doesNotContain(ENCRYPTED_BASE64);
      } else if (block.contains("temporal workflow signal")) {
        succeeded(run(swap(block, actionId), true));
        assertThat(stack.live().awaitStatus(actionId, "SUCCEEDED").at("/approval/approvals/0/approver").asText())
            .isEqualTo("alice");
        assertThat(signalEncodings(actionId)).containsExactly("binary/encrypted");
      } else {
        succeeded(run(swap(block, actionId), true));
      }
    }
  }

  /** The encodings of the signals' inputs in the run's history, as the server stores them. */
  private static List<String> signalEncodings(String actionId) throws IOException {
    TemporalDevServer.CliResult history = stack.temporal().run("workflow", "show", "-w", actionId, "-o", "json");
    assertThat(history.exitCode()).as(history.toString()).isZero();
    List<String> encodings = new ArrayList<>();
    for (var event : LiveService.JSON.readTree(history.output()).get("events")) {
      var signaled = event.get("workflowExecutionSignaledEventAttributes");
      if (signaled != null) {
        String encoding = signaled.at("/input/payloads/0/metadata/encoding").asText();
        encodings.add(new String(java.util.Base64.getDecoder().decode(encoding), StandardCharsets.UTF_8));
      }
    }
    return encodings;
  }

  /** Runs the list block until the run shows up: visibility follows the workflow by a moment. */
  private static Run awaitListed(String block, String actionId) throws Exception {
    Instant deadline = Instant.now().plus(DevStack.WAIT);
    while (true) {
      Run list = succeeded(run(swap(block, actionId), true));
      if (list.output().contains(actionId)) {
        return list;
      }
      assertThat(Instant.now()).as("the README's list never showed %s: %s", actionId, list).isBefore(deadline);
      Thread.sleep(250);
    }
  }

  static List<String> bashBlocks(String readme) {
    int start = readme.indexOf("\n" + SECTION + "\n");
    assertThat(start).as("README.md has the section '%s'", SECTION).isNotNegative();
    int end = readme.indexOf("\n## ", start + SECTION.length() + 1);
    Matcher blocks = BASH_BLOCK.matcher(readme.substring(start, end < 0 ? readme.length() : end));
    List<String> found = new ArrayList<>();
    while (blocks.find()) {
      found.add(blocks.group(1));
    }
    return found;
  }

  private static String swap(String block, String actionId) {
    return block.replace(README_WORKFLOW_ID, actionId)
        .replace("localhost:8080", "localhost:" + stack.httpPort())
        .replace("localhost:7233", stack.temporal().target());
  }

  private static Run succeeded(Run run) {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run;
  }

  /**
   * bash -euo pipefail -c {@code script} in the repository's root, with no Temporal settings from
   * this machine's environment or config file; {@code withCli}: the pinned CLI first on the PATH,
   * and TEMPORAL_ADDRESS the dev server's frontend (where the reader's defaults to localhost:7233).
   */
  private static Run run(String script, boolean withCli) throws Exception {
    ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
        .directory(repoRoot().toFile()).redirectErrorStream(true);
    Map<String, String> env = bash.environment();
    env.keySet().removeIf(name -> name.startsWith("TEMPORAL_"));
    env.put("TEMPORAL_CONFIG_FILE", workDir.resolve("no-temporal-config.toml").toString());
    if (withCli) {
      env.put("PATH", TemporalDevServer.cli().getParent() + ":" + env.get("PATH"));
      env.put("TEMPORAL_ADDRESS", stack.temporal().target());
    }
    Process process = bash.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not finish within 60s: " + script);
    }
    return new Run(script, process.exitValue(), output);
  }

  private static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !(Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("dev/temporal.sh")))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository root (README.md, dev/temporal.sh) above " + Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }

  private record Run(String script, int exitCode, String output) {
    @Override
    public String toString() {
      return script.strip() + "\n-> exit " + exitCode + ":\n" + output;
    }
  }
}
