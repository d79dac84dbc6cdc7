package com.governedactions.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UrlPathHelper;

/** Which requests the API's filters guard: {@code /api} and below, nothing else. */
final class ApiPaths {
  private static final UrlPathHelper PATHS = new UrlPathHelper();

  private ApiPaths() {}

  static boolean isApi(HttpServletRequest request) {
    String path = PATHS.getPathWithinApplication(request);
    return path.equals("/api") || path.startsWith("/api/");
  }

  /** {@code PUT /api/v1/policy} takes the policy document itself, as YAML or JSON. */
  static boolean isPolicyDocument(HttpServletRequest request) {
    return PATHS.getPathWithinApplication(request).equals("/api/v1/policy");
  }

  /** Slack's interactions carry Slack's request signature instead of a bearer token. */
  static boolean isSlackSigned(HttpServletRequest request) {
    return PATHS.getPathWithinApplication(request).equals("/api/v1/slack/interactions");
  }
}
