package com.governedactions.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.directory.PrincipalDirectory;
import com.governedactions.policy.ActionCatalog;
import com.governedactions.policy.ActionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(CatalogController.class)
@Import(ActionCatalog.class)
class CatalogControllerTest {
  private static final String TOOL_NAME = "^[a-zA-Z0-9_-]{1,64}$";

  @Autowired MockMvc mvc;
  @Autowired ObjectMapper json;
  @Autowired ActionCatalog catalog;

  @TestConfiguration
  static class Principals {
    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(
          Map.of("chat-token", "chat-backend", "report-token", "reporting"),
          List.of(
              new PrincipalInfo("chat-backend", true, false, List.of("CHAT_BACKEND")),
              new PrincipalInfo("reporting", true, false, List.of("REPORTS"))));
    }
  }

  private JsonNode catalogAs(String token) throws Exception {
    String body = mvc.perform(get("/api/v1/catalog").header("Authorization", "Bearer " + token))
        .andExpect(status().isOk())
        .andReturn().getResponse().getContentAsString();
    return json.readTree(body);
  }

  @Test
  void given_no_token_when_the_catalog_is_read_then_401() throws Exception {
    mvc.perform(get("/api/v1/catalog")).andExpect(status().isUnauthorized());
  }

  @Test
  void given_any_authenticated_caller_when_the_catalog_is_read_then_every_requestable_type_is_listed() throws Exception {
    int requestable = catalog.all().size() - 1; // all but the reversal
    mvc.perform(get("/api/v1/catalog").header("Authorization", "Bearer report-token"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.types.length()").value(requestable))
        .andExpect(jsonPath("$.tools.openai.length()").value(requestable))
        .andExpect(jsonPath("$.tools.anthropic.length()").value(requestable))
        .andExpect(jsonPath("$.tools.mcp.length()").value(requestable));
  }

  @Test
  void given_the_reversal_type_when_the_catalog_is_read_then_no_model_is_offered_it() throws Exception {
    JsonNode body = catalogAs("chat-token");
    assertThat(body.get("types").findValuesAsText("name")).contains("refund").doesNotContain(ActionCatalog.REVERSAL);
    assertThat(body.get("tools").get("anthropic").findValuesAsText("name")).doesNotContain(ActionCatalog.REVERSAL);
  }

  @Test
  void given_the_refund_type_when_listed_then_schema_risk_confirmation_and_operations_are_declared() throws Exception {
    JsonNode refund = find(catalogAs("chat-token").get("types"), "name", "refund");

    assertThat(refund.get("riskTier").asText()).isEqualTo("high");
    assertThat(refund.get("confirmationRequired").asBoolean()).isTrue();
    assertThat(refund.get("confirmationTemplate").asText()).isEqualTo("Refund {currency} {amount} to order {orderId}?");
    assertThat(refund.get("operation").asText()).isEqualTo("payments.refund");
    assertThat(refund.get("compensation").asText()).isEqualTo("payments.refund.reverse");
    assertThat(refund.at("/parameters/type").asText()).isEqualTo("object");
    assertThat(strings(refund.at("/parameters/required"))).containsExactly("orderId", "amount", "currency");
    assertThat(refund.at("/parameters/additionalProperties").asBoolean(true)).isFalse();
    assertThat(refund.at("/parameters/properties/amount/pattern").asText()).isNotBlank();
    assertThat(refund.at("/plan/0/operation").asText()).isEqualTo("payments.refund");
  }

  @Test
  void given_openai_tools_when_read_then_each_is_a_function_tool_with_the_type_schema_as_parameters() throws Exception {
    JsonNode body = catalogAs("chat-token");
    for (JsonNode tool : body.at("/tools/openai")) {
      assertThat(fieldNames(tool)).containsExactly("type", "function");
      assertThat(tool.get("type").asText()).isEqualTo("function");
      JsonNode function = tool.get("function");
      assertThat(fieldNames(function)).containsExactly("name", "description", "parameters");
      assertThat(function.get("name").asText()).matches(TOOL_NAME);
      assertThat(function.get("description").asText()).isNotBlank();
      assertThat(function.get("parameters")).isEqualTo(schemaOf(body, function.get("name").asText()));
    }
  }

  @Test
  void given_anthropic_tools_when_read_then_each_has_name_description_and_an_object_input_schema() throws Exception {
    JsonNode body = catalogAs("chat-token");
    for (JsonNode tool : body.at("/tools/anthropic")) {
      assertThat(fieldNames(tool)).containsExactly("name", "description", "input_schema");
      assertThat(tool.get("name").asText()).matches(TOOL_NAME);
      assertThat(tool.at("/input_schema/type").asText()).isEqualTo("object");
      assertThat(tool.get("input_schema")).isEqualTo(schemaOf(body, tool.get("name").asText()));
    }
  }

  @Test
  void given_mcp_tools_when_read_then_each_has_an_input_schema_and_state_changing_hints() throws Exception {
    JsonNode body = catalogAs("chat-token");
    for (JsonNode tool : body.at("/tools/mcp")) {
      assertThat(fieldNames(tool)).containsExactly("name", "title", "description", "inputSchema", "annotations");
      assertThat(tool.at("/inputSchema/type").asText()).isEqualTo("object");
      assertThat(tool.get("inputSchema")).isEqualTo(schemaOf(body, tool.get("name").asText()));
      assertThat(fieldNames(tool.get("annotations")))
          .containsExactly("title", "readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint");
      assertThat(tool.at("/annotations/readOnlyHint").asBoolean()).isFalse();
      assertThat(tool.at("/annotations/destructiveHint").asBoolean()).isTrue();
    }
    assertThat(find(body.at("/tools/mcp"), "name", "cancel_order").get("title").asText()).isEqualTo("Cancel order");
  }

  @Test
  void given_a_tool_description_when_read_then_it_says_the_call_only_requests_the_action() {
    ActionType refund = catalog.find("refund").orElseThrow();

    assertThat(ToolDefinitions.description(refund))
        .startsWith(refund.description())
        .contains("does not run at once", "Risk: high", "Refund {currency} {amount} to order {orderId}?");
  }

  private static JsonNode schemaOf(JsonNode body, String type) {
    return find(body.get("types"), "name", type).get("parameters");
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode element : array) {
      if (value.equals(element.path(field).asText())) {
        return element;
      }
    }
    throw new AssertionError("no element with " + field + "=" + value + " in " + array);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
