package com.governedactions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.observability.ActionMdc;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** The JSON log option (docs/operations.md): one JSON object a line, the action's ids as fields. */
@ExtendWith(OutputCaptureExtension.class)
class JsonLogsTest {
  @Configuration(proxyBeanMethods = false)
  static class Nothing {}

  @Test
  void given_ecsStructuredLogging_when_aLineIsLoggedAboutAnAction_then_itIsJsonWithTheActionIds(CapturedOutput output)
      throws Exception {
    try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(Nothing.class)
            .web(WebApplicationType.NONE)
            .properties("logging.structured.format.console=ecs", "spring.main.banner-mode=off")
            .run();
        ActionMdc.Scope scope = ActionMdc.enter("action-req-json-1")) {
      LoggerFactory.getLogger("json-probe").info("refund sent");
    }

    JsonNode line = new ObjectMapper().readTree(Arrays.stream(output.getOut().split("\\R"))
        .filter(l -> l.contains("refund sent")).findFirst().orElseThrow());
    assertThat(line.path("message").asText()).isEqualTo("refund sent");
    assertThat(line.path("actionId").asText()).isEqualTo("action-req-json-1");
    assertThat(line.path("workflowId").asText()).isEqualTo("action-req-json-1");
    assertThat(line.path("requestId").asText()).isEqualTo("req-json-1");
  }
}
