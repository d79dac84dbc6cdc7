package com.governedactions.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class GrafanaDashboardTest {
  private final GrafanaDashboard dashboard = GrafanaDashboard.load();

  @Test
  void given_theDashboard_when_read_then_everyPanelQueriesPrometheusThroughTheDatasourceVariable() {
    JsonNode panels = dashboard.json().path("panels");
    assertThat(panels.size()).isGreaterThanOrEqualTo(10);
    for (JsonNode panel : panels) {
      assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("expr").asText()).as(panel.path("title").asText()).isNotBlank();
        assertThat(target.at("/datasource/uid").asText()).isEqualTo("${datasource}");
      }
    }
  }

  @Test
  void given_theDashboard_when_read_then_itShowsEveryFigureOperatorsAskedFor() {
    assertThat(dashboard.seriesQueried()).contains(
        "governed_actions_total", "governed_approval_wait_seconds_bucket", "governed_approval_sla_breaches_total",
        "governed_connector_calls_seconds_bucket", "governed_connector_calls_seconds_count",
        "governed_connector_breaker_state", "governed_audit_batch_events_sum", "governed_audit_group_batches_sum",
        "governed_audit_lag_seconds_bucket", "governed_policy_decision_seconds_bucket",
        "temporal_workflow_completed_total");
  }
}
