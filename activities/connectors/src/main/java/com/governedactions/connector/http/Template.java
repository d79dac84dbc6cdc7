package com.governedactions.connector.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.util.UriUtils;

/**
 * A configured text with {@code {{path}}} placeholders, for example {@code /tickets/{{result.id}}}.
 * Each value is encoded for where it lands: URL-encoded in a path, JSON-encoded in a body (so a
 * parameter can never break out of its JSON string), as-is in a header or summary.
 */
final class Template {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)\\s*}}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String text;

  Template(String text) {
    this.text = text == null ? "" : text;
  }

  boolean isEmpty() {
    return text.isBlank();
  }

  /** The placeholder paths, in order, e.g. {@code params.orderId}. */
  List<String> paths() {
    List<String> paths = new ArrayList<>();
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      paths.add(matcher.group(1));
    }
    return paths;
  }

  String asText(Map<String, Object> model) {
    return render(model, value -> value == null ? "" : String.valueOf(value));
  }

  String asUrl(Map<String, Object> model) {
    return render(model, value -> value == null ? "" : UriUtils.encode(String.valueOf(value), StandardCharsets.UTF_8));
  }

  String asJson(Map<String, Object> model) {
    return render(model, Template::json);
  }

  private String render(Map<String, Object> model, Function<Object, String> encode) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(encode.apply(lookup(model, matcher.group(1)))));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  static Object lookup(Map<String, Object> model, String path) {
    Object value = model;
    for (String key : path.split("\\.")) {
      value = value instanceof Map<?, ?> map ? map.get(key) : null;
    }
    return value;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be written as JSON: " + value.getClass().getSimpleName(), e);
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
