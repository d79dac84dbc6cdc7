package com.governedactions.api.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The service writes every member of its records, {@code null} included (an action waiting for its
 * rule check has {@code "decision": null}). So in every schema an answer uses, each property the
 * schema does not list as required may be {@code null}: said so in OpenAPI 3.1 terms, a {@code
 * "null"} type (and enum value), or {@code anyOf} a reference and {@code null}. Request bodies are
 * left as they are: what a client should send.
 */
@SuppressWarnings("rawtypes")
final class NullableFields {
  private static final String PREFIX = "#/components/schemas/";

  private NullableFields() {}

  /** Every component schema an answer refers to, directly or through another schema. */
  static void applyToResponses(OpenAPI openApi) {
    Map<String, Schema> components = openApi.getComponents().getSchemas();
    Deque<String> pending = new ArrayDeque<>();
    openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
      if (operation.getResponses() != null) {
        operation.getResponses().values().forEach(response -> {
          if (response.getContent() != null) {
            response.getContent().values().forEach(media -> references(media.getSchema(), pending));
          }
        });
      }
    }));
    Set<String> seen = new TreeSet<>();
    while (!pending.isEmpty()) {
      String name = pending.pop();
      Schema<?> schema = components.get(name);
      if (schema != null && seen.add(name)) {
        references(schema, pending);
      }
    }
    seen.forEach(name -> apply(components.get(name)));
  }

  private static void references(Schema<?> schema, Deque<String> into) {
    if (schema == null) {
      return;
    }
    if (schema.get$ref() != null && schema.get$ref().startsWith(PREFIX)) {
      into.push(schema.get$ref().substring(PREFIX.length()));
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(property -> references(property, into));
    }
    references(schema.getItems(), into);
    if (schema.getAdditionalProperties() instanceof Schema<?> values) {
      references(values, into);
    }
    for (List<Schema> options : Arrays.asList(schema.getAnyOf(), schema.getOneOf(), schema.getAllOf())) {
      if (options != null) {
        options.forEach(option -> references(option, into));
      }
    }
  }

  static void apply(Schema<?> schema) {
    if (schema == null || schema.getProperties() == null) {
      return;
    }
    List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
    for (Map.Entry<String, Schema> property : schema.getProperties().entrySet()) {
      Schema<?> value = property.getValue();
      apply(value);
      if (value.getItems() != null) {
        apply(value.getItems());
      }
      if (!required.contains(property.getKey())) {
        property.setValue(orNull(value));
      }
    }
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Schema orNull(Schema value) {
    if (value.get$ref() != null) {
      Schema reference = new Schema<>();
      reference.set$ref(value.get$ref());
      Schema none = new Schema<>();
      none.addType("null");
      Schema either = new Schema<>();
      either.setAnyOf(List.of(reference, none));
      either.setDescription(value.getDescription());
      return either;
    }
    if (value.getTypes() != null && !value.getTypes().isEmpty() && !value.getTypes().contains("null")) {
      value.addType("null");
      if (value.getEnum() != null && !value.getEnum().contains(null)) {
        List<Object> values = new ArrayList<>(value.getEnum());
        values.add(null);
        value.setEnum(values);
      }
    }
    return value;
  }
}
