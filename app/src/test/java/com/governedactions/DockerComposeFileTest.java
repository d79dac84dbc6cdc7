package com.governedactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be started here (no Docker engine), so its settings that must agree
 * across services are checked as parsed YAML: a mismatch would only show at run time, as payloads
 * one process cannot decrypt or audit hashes that do not verify.
 */
class DockerComposeFileTest {
  private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Z0-9_]+):-(.*)}");

  private final Map<String, Object> compose = load();

  @Test
  void given_composeFile_when_parsed_then_workerAndApiShareTheCodecKeysAndAuditKey() {
    Map<String, String> worker = environment("worker");
    Map<String, String> api = environment("api");

    String activeKey = worker.get("GOVERNED_CODEC_ACTIVEKEY");
    String keyVariable = "GOVERNED_CODEC_KEYS_" + activeKey.toUpperCase();
    assertThat(worker.get(keyVariable)).as("the active codec key is configured").isNotBlank();
    assertThat(api.get("GOVERNED_CODEC_ACTIVEKEY")).isEqualTo(activeKey);
    assertThat(codecKeys(api)).isEqualTo(codecKeys(worker));
    assertThat(Base64.getDecoder().decode(resolved(worker.get(keyVariable)))).as("AES-256 key").hasSize(32);

    assertThat(api.get("GOVERNED_AUDIT_INTEGRITY_KEY")).isEqualTo(worker.get("GOVERNED_AUDIT_INTEGRITY_KEY"));
    assertThat(resolved(worker.get("GOVERNED_AUDIT_INTEGRITY_KEY"))).startsWith("EXAMPLE-ONLY").hasSizeGreaterThanOrEqualTo(32);
  }

  @Test
  void given_composeFile_when_parsed_then_theTemporalUiDecodesThroughTheApi() {
    Map<String, String> ui = environment("temporal-ui");
    Map<String, String> api = environment("api");

    assertThat(ui.get("TEMPORAL_CODEC_ENDPOINT")).isEqualTo("http://localhost:8080/api/v1/codec");
    assertThat(api.get("GOVERNED_CODEC_ALLOWEDORIGINS")).isEqualTo(ui.get("TEMPORAL_CORS_ORIGINS"));
    assertThat(ports("api")).contains("8080:8080");
  }

  @Test
  void given_composeFile_when_parsed_then_checkpointsAreKeptInAVolumeAndTheServiceIsNotTheOwner() {
    Map<String, String> worker = environment("worker");

    String directory = worker.get("GOVERNED_AUDIT_INTEGRITY_CHECKPOINTDIRECTORY");
    assertThat(volumes("worker")).contains("audit-checkpoints:" + directory);
    assertThat(section("volumes")).containsKey("audit-checkpoints");
    assertThat(environment("api").get("GOVERNED_AUDIT_INTEGRITY_CHECKPOINTSENABLED")).isEqualTo("false");

    assertThat(worker.get("SPRING_DATASOURCE_USERNAME")).isEqualTo("governed_service");
    assertThat(worker.get("SPRING_FLYWAY_USER")).isEqualTo("postgres");
    assertThat(volumes("postgresql")).contains("./postgres-init:/docker-entrypoint-initdb.d:ro");
    assertThat(Path.of("..", "postgres-init", "10-governed-roles.sh")).isExecutable();
  }

  @Test
  void given_composeFile_when_parsed_then_slackAndStripeAreOffUnlessTurnedOn() {
    assertThat(resolved(environment("api").get("GOVERNED_SLACK_ENABLED"))).isEqualTo("false");
    assertThat(environment("worker").get("GOVERNED_CONNECTORS_STRIPE_ENABLED")).isEqualTo("false");
    assertThat(environment("api").get("GOVERNED_CONNECTORS_STRIPE_ENABLED")).isEqualTo("false");
  }

  @Test
  void given_composeFile_when_parsed_then_theApiServesTheSampleStoreAndTheWorkerHoldsItsCredential() {
    Map<String, String> worker = environment("worker");
    Map<String, String> api = environment("api");

    assertThat(api.get("GOVERNED_SAMPLE_STORE_ENABLED")).as("not dev mode: the store is asked for").isEqualTo("true");
    assertThat(resolved(api.get("GOVERNED_SAMPLE_STORE_TOKEN"))).isNotBlank();
    assertThat(worker.get("GOVERNED_CONNECTORS_SAMPLE_STORE_TOKEN"))
        .as("the worker calls api:8080, not loopback, so it sends the store's token")
        .isEqualTo(api.get("GOVERNED_SAMPLE_STORE_TOKEN"));
    assertThat(worker).doesNotContainKey("GOVERNED_SAMPLE_STORE_ENABLED");
  }

  @Test
  @SuppressWarnings("unchecked")
  void given_composeFile_when_parsed_then_prometheusScrapesTheApiAndTheWorkerWhereTheyServeTheirMetrics() throws IOException {
    assertThat(volumes("prometheus")).contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    Map<String, Object> prometheus;
    try (Reader reader = Files.newBufferedReader(Path.of("..", "deploy", "prometheus", "prometheus.yml"))) {
      prometheus = (Map<String, Object>) new Yaml().load(reader);
    }
    Map<String, String> targets = new java.util.TreeMap<>();
    for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
      assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
      List<Map<String, Object>> configs = (List<Map<String, Object>>) job.get("static_configs");
      targets.put((String) job.get("job_name"), ((List<String>) configs.get(0).get("targets")).get(0));
    }

    String apiPort = ports("api").get(0).split(":")[1];
    assertThat(targets).containsEntry("governed-actions-api", "api:" + apiPort)
        .containsEntry("governed-actions-worker", "worker:" + environment("worker").get("GOVERNED_WORKER_HTTPPORT"));
  }

  @Test
  void given_composeFile_when_parsed_then_grafanaIsProvisionedWithTheDashboardAndPrometheus() {
    assertThat(volumes("grafana")).contains(
        "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro",
        "./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro");
    assertThat(Path.of("..", "deploy", "grafana", "dashboards", "governed-actions.json")).isRegularFile();
    assertThat(Path.of("..", "deploy", "grafana", "provisioning", "datasources", "prometheus.yml")).isRegularFile();
  }

  /** What compose uses when the variable is unset: {@code ${NAME:-default}} gives the default. */
  private static String resolved(String value) {
    Matcher matcher = DEFAULTED.matcher(value);
    return matcher.matches() ? matcher.group(2) : value;
  }

  private static Map<String, String> codecKeys(Map<String, String> environment) {
    return environment.entrySet().stream()
        .filter(entry -> entry.getKey().startsWith("GOVERNED_CODEC_KEYS_"))
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> section(String name) {
    return (Map<String, Object>) compose.get(name);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> service(String name) {
    Map<String, Object> service = (Map<String, Object>) section("services").get(name);
    assertThat(service).as("service " + name).isNotNull();
    return service;
  }

  /** The environment with the YAML merge key (x-app-environment) applied, values as strings. */
  @SuppressWarnings("unchecked")
  private Map<String, String> environment(String name) {
    Map<String, Object> environment = (Map<String, Object>) service(name).get("environment");
    return environment.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, entry -> String.valueOf(entry.getValue())));
  }

  @SuppressWarnings("unchecked")
  private List<String> volumes(String name) {
    return (List<String>) service(name).get("volumes");
  }

  @SuppressWarnings("unchecked")
  private List<String> ports(String name) {
    return (List<String>) service(name).get("ports");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load() {
    try (Reader reader = Files.newBufferedReader(Path.of("..", "docker-compose.yml"))) {
      return (Map<String, Object>) new Yaml().load(reader);
    } catch (IOException e) {
      throw new IllegalStateException("docker-compose.yml at the repository root", e);
    }
  }
}
