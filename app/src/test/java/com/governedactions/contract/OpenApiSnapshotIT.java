package com.governedactions.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.governedactions.GovernedActionsApplication;
import com.governedactions.e2e.LiveService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The published description ({@code /v3/api-docs} of the running service) is the committed
 * snapshot, so the API cannot drift from its contract unnoticed; and every endpoint under
 * {@code /api} is in it with its summary, roles and problem answers. docs/openapi.md.
 */
@SpringBootTest(classes = GovernedActionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class OpenApiSnapshotIT {
  static final Path SNAPSHOT = Path.of("src", "test", "resources", "openapi", "openapi.json");
  /** {@code -Dopenapi.snapshot.update=true} writes the service's description to the snapshot instead. */
  static final String UPDATE_PROPERTY = "openapi.snapshot.update";
  static final String REGENERATE = "./mvnw -B -pl app -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false"
      + " -Dit.test=OpenApiSnapshotIT -D" + UPDATE_PROPERTY + "=true";

  private static final int HTTP_PORT = LiveService.freePort();
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  private RequestMappingHandlerMapping mappings;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    LiveService.register(registry, HTTP_PORT);
  }

  @Test
  void given_theRunningService_when_itsDescriptionIsFetched_then_itIsTheCommittedSnapshot() throws Exception {
    String served = canonical(fetch("/v3/api-docs", "application/json").body());

    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      Files.createDirectories(SNAPSHOT.getParent());
      Files.writeString(SNAPSHOT, served, StandardCharsets.UTF_8);
      System.out.println("OpenApiSnapshotIT: wrote " + SNAPSHOT.toAbsolutePath() + "; review and commit it");
      return;
    }
    assertThat(Files.exists(SNAPSHOT))
        .as("no snapshot at %s: create it with %s", SNAPSHOT.toAbsolutePath(), REGENERATE)
        .isTrue();
    String committed = Files.readString(SNAPSHOT, StandardCharsets.UTF_8).replace("\r\n", "\n");
    if (!served.equals(committed)) {
      throw new AssertionError("The API changed: /v3/api-docs is not the committed snapshot api/" + SNAPSHOT
          + ". If the change is intended, regenerate the snapshot with\n  " + REGENERATE
          + "\nand commit it with the change. Difference (snapshot -> service):\n" + diff(committed, served));
    }
  }

  @Test
  void given_noToken_when_theDescriptionAndSwaggerUiAreRequested_then_bothAreServed() throws Exception {
    HttpResponse<String> docs = fetch("/v3/api-docs", "application/json");
    assertThat(docs.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(docs.body()).path("openapi").asText()).startsWith("3.1");

    HttpResponse<String> ui = HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT + "/swagger-ui/index.html")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).contains("swagger-ui");

    HttpResponse<String> shortcut = fetch("/swagger-ui.html", "text/html");
    assertThat(shortcut.statusCode()).as("/swagger-ui.html redirects to the UI").isEqualTo(302);
    assertThat(shortcut.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/swagger-ui/index.html"));
  }

  /** A new endpoint cannot be published without its summary, roles and problem answers. */
  @Test
  void given_everyApiEndpoint_when_described_then_eachHasSummaryRolesAndItsProblemAnswers() throws Exception {
    JsonNode paths = JSON.readTree(fetch("/v3/api-docs", "application/json").body()).path("paths");
    List<String> missing = new ArrayList<>();
    Set<String> described = new TreeSet<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
      for (String path : mapping.getKey().getPatternValues()) {
        if (!path.startsWith("/api/")) {
          continue;
        }
        for (var method : mapping.getKey().getMethodsCondition().getMethods()) {
          JsonNode operation = paths.path(path).path(method.name().toLowerCase(java.util.Locale.ROOT));
          String name = method + " " + path;
          described.add(name);
          if (operation.isMissingNode()) {
            missing.add(name + ": not in the description");
            continue;
          }
          if (operation.path("summary").asText().isBlank()) {
            missing.add(name + ": no summary");
          }
          if (!operation.path("x-roles").isArray() || !operation.path("description").asText().contains("Roles: ")) {
            missing.add(name + ": no roles (annotate it with @CallableBy)");
          }
          for (String status : List.of("400", "401", "503")) {
            if (!operation.path("responses").path(status).path("content").has("application/problem+json")) {
              missing.add(name + ": no problem+json answer " + status);
            }
          }
        }
      }
    }
    assertThat(described).as("endpoints under /api").hasSizeGreaterThanOrEqualTo(20);
    assertThat(missing).isEmpty();
  }

  private static HttpResponse<String> fetch(String path, String accept) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT + path)).header("Accept", accept).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Pretty, every object's keys sorted: one text per description, whatever order the generator took. */
  static String canonical(String json) throws IOException {
    return JSON.writeValueAsString(sorted(JSON.readTree(json))).replace("\r\n", "\n") + "\n";
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> members = new TreeMap<>();
      node.fields().forEachRemaining(e -> members.put(e.getKey(), sorted(e.getValue())));
      ObjectNode result = JsonNodeFactory.instance.objectNode();
      members.forEach(result::set);
      return result;
    }
    if (node.isArray()) {
      ArrayNode result = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> result.add(sorted(item)));
      return result;
    }
    return node;
  }

  private static String diff(String before, String after) {
    List<String> a = before.lines().toList();
    List<String> b = after.lines().toList();
    List<String> lines = UnifiedDiffUtils.generateUnifiedDiff("snapshot", "service", a, DiffUtils.diff(a, b), 2);
    String text = String.join("\n", lines.subList(0, Math.min(lines.size(), 80)));
    return lines.size() > 80 ? text + "\n... (" + (lines.size() - 80) + " more lines)" : text;
  }
}
