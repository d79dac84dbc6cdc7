package com.governedactions.api.console;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/** What the console's filter forms share with each other. */
final class ConsoleForms {
  private ConsoleForms() {}

  /** A form sends its empty fields too; an empty field is no filter, not a wrong one. */
  static MultiValueMap<String, String> filled(MultiValueMap<String, String> query) {
    MultiValueMap<String, String> filled = new LinkedMultiValueMap<>();
    query.forEach((name, values) -> values.stream().filter(v -> v != null && !v.isBlank())
        .forEach(v -> filled.add(name, v)));
    return filled;
  }

  static String url(String path, MultiValueMap<String, String> query) {
    return UriComponentsBuilder.fromPath(path).queryParams(query).encode().build().toUriString();
  }
}
