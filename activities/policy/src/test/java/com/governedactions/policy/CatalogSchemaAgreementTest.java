package com.governedactions.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema the catalog publishes and the validation POST /actions runs must agree: a client
 * (or an LLM) that satisfies the schema is never refused, and one that violates it always is. An
 * independent validator (networknt, draft 2020-12) judges the schema side.
 */
class CatalogSchemaAgreementTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final String LONG_TEXT = "x".repeat(ParamRules.MAX_TEXT_LENGTH);

  private final ActionCatalog catalog = new ActionCatalog();

  /** Values of every kind that are valid, invalid, and on the edges between. */
  private static List<Object> samples(ParamKind kind) {
    List<Object> values = new ArrayList<>();
    switch (kind) {
      case TEXT -> values.addAll(List.of(
          "A-1001", "x", " x ", "", " ", "\t\n", LONG_TEXT, LONG_TEXT + "x",
          // control characters: tab, line feed and carriage return are text, the rest are refused
          "two\r\nlines\tand a tab", "\n x", "A-10\u000001", "\u0000", "x\u007F", "\u000C x", "x\u001B[31m",
          "\u0085 C1 is not C0",
          // 500 emoji are 1000 UTF-16 units but 500 characters: still valid
          "\uD83D\uDE00".repeat(ParamRules.MAX_TEXT_LENGTH), 1001, true));
      case DECIMAL -> values.addAll(List.of(
          "89.50", "89.5", "1", "0.01", "0.1", "0.50", "0.05", "10.00", "999999999999999.99",
          "0", "0.0", "0.00", "00.5", "01", "-5.00", "89.505", "1e3", ".5", "5.", "1000000000000000", "", 89.5, 0));
      case CURRENCY -> values.addAll(List.of("USD", "EUR", "JPY", "usd", "XYZ", "USDT", "US", "", 840));
      case OBJECT -> { }
    }
    return values;
  }

  @Test
  void given_every_type_and_sample_values_when_validated_both_ways_then_schema_and_catalog_agree() throws Exception {
    int cases = 0;
    for (ActionType type : catalog.all()) {
      JsonSchema schema = SCHEMAS.getSchema(JSON.valueToTree(type.paramsJsonSchema()));
      Map<String, Object> valid = validParams(type.params());
      assertAgree(type, schema, valid);
      cases++;
      for (ActionParam param : type.params()) {
        for (Object sample : samples(param.kind())) {
          Map<String, Object> params = new LinkedHashMap<>(valid);
          params.put(param.name(), sample);
          assertAgree(type, schema, params);
          cases++;
        }
        Map<String, Object> withoutIt = new LinkedHashMap<>(valid);
        withoutIt.remove(param.name());
        assertAgree(type, schema, withoutIt);
        Map<String, Object> nullIt = new LinkedHashMap<>(valid);
        nullIt.put(param.name(), null);
        assertAgree(type, schema, nullIt);
        if (param.kind() == ParamKind.OBJECT) {
          for (ActionParam field : param.fields()) {
            for (Object sample : samples(field.kind())) {
              Map<String, Object> object = new LinkedHashMap<>(validParams(param.fields()));
              object.put(field.name(), sample);
              Map<String, Object> params = new LinkedHashMap<>(valid);
              params.put(param.name(), object);
              assertAgree(type, schema, params);
              cases++;
            }
          }
          Map<String, Object> notAnObject = new LinkedHashMap<>(valid);
          notAnObject.put(param.name(), "1 Main St");
          assertAgree(type, schema, notAnObject);
        }
        cases += 2;
      }
      Map<String, Object> extra = new LinkedHashMap<>(valid);
      extra.put("refundAll", true);
      assertAgree(type, schema, extra);
    }
    assertThat(cases).isGreaterThan(100);
  }

  @Test
  void given_several_invalid_fields_when_validated_then_the_catalog_names_each_one_the_schema_rejects() throws Exception {
    ActionType refund = catalog.find("refund").orElseThrow();
    Map<String, Object> params = Map.of("orderId", "", "amount", "0", "currency", "usd", "tip", "5");
    Set<ValidationMessage> schemaErrors =
        SCHEMAS.getSchema(JSON.valueToTree(refund.paramsJsonSchema())).validate(JSON.valueToTree(params));
    List<String> problems = catalog.validate("refund", params);

    assertThat(problems).hasSize(4);
    assertThat(problems).extracting(p -> p.substring(0, p.indexOf(':')))
        .containsExactlyInAnyOrder("params.tip", "params.orderId", "params.amount", "params.currency");
    // every field the schema validator complains about is one the catalog names
    for (ValidationMessage error : schemaErrors) {
      String location = error.getInstanceLocation().toString().replace("$", "params");
      String field = location.equals("params") ? "params." + error.getProperty() : location;
      assertThat(problems).anyMatch(p -> p.startsWith(field + ":"));
    }
  }

  @Test
  void given_the_published_schemas_when_checked_against_the_meta_schema_then_they_are_valid() throws Exception {
    JsonSchema metaSchema = SCHEMAS.getSchema(java.net.URI.create("https://json-schema.org/draft/2020-12/schema"));
    for (ActionType type : catalog.all()) {
      assertThat(metaSchema.validate(JSON.valueToTree(type.paramsJsonSchema()))).as(type.name()).isEmpty();
    }
  }

  private void assertAgree(ActionType type, JsonSchema schema, Map<String, Object> params) {
    JsonNode instance = JSON.valueToTree(params);
    boolean schemaValid = schema.validate(instance).isEmpty();
    boolean catalogValid = catalog.validate(type.name(), params).isEmpty();
    assertThat(catalogValid)
        .as("%s %s: schema says %s, catalog says %s (%s)", type.name(), instance,
            schemaValid ? "valid" : "invalid", catalogValid ? "valid" : "invalid", catalog.validate(type.name(), params))
        .isEqualTo(schemaValid);
  }

  private static Map<String, Object> validParams(List<ActionParam> spec) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (ActionParam param : spec) {
      params.put(param.name(), switch (param.kind()) {
        case TEXT -> "A-1001";
        case DECIMAL -> "89.50";
        case CURRENCY -> "USD";
        case OBJECT -> validParams(param.fields());
      });
    }
    return params;
  }
}
