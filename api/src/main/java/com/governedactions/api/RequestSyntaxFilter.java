package com.governedactions.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before any controller, two requests the servlet stack would otherwise mishandle:
 *
 * <ul>
 *   <li>a query string that is not percent-encoded UTF-8: Tomcat drops such a parameter with no
 *       more than a log line, so {@code cursor=%%%} would silently answer the first page;
 *   <li>a wildcard {@code Content-Type} such as {@code *}{@code /*} on a request with a body:
 *       Spring fails on it with an IllegalArgumentException, a 500.
 * </ul>
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 20) // after the bearer token is checked
class RequestSyntaxFilter extends OncePerRequestFilter {
  private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

  private final ProblemWriter problems;

  RequestSyntaxFilter(ObjectMapper objectMapper) {
    this.problems = new ProblemWriter(objectMapper);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !ApiPaths.isApi(request);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    List<FieldProblem> undecodable = undecodable(request.getQueryString());
    if (!undecodable.isEmpty()) {
      problems.write(request, response, ApiProblem.badRequest("bad-query-parameter", "Invalid query parameter",
          "Fix the query parameters listed in 'errors'.", undecodable));
      return;
    }
    String contentType = request.getContentType();
    // Slack's form posts are read as raw bytes for their signature; no converter is involved.
    if (WITH_BODY.contains(request.getMethod()) && isWildcard(contentType) && !ApiPaths.isSlackSigned(request)) {
      problems.write(request, response, new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
          "Unsupported Media Type", "Content-Type '" + contentType + "' is a pattern, not a format: "
              + ApiExceptionHandler.whatToSend(ApiPaths.isPolicyDocument(request)) + "."));
      return;
    }
    chain.doFilter(request, response);
  }

  /** A problem for every name=value pair of the raw query string that does not decode. */
  static List<FieldProblem> undecodable(String queryString) {
    List<FieldProblem> found = new ArrayList<>();
    if (queryString == null || queryString.isEmpty()) {
      return found;
    }
    for (String pair : queryString.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String rawName = equals < 0 ? pair : pair.substring(0, equals);
      String name = decode(rawName);
      String fault = name == null ? "its name" : equals < 0 || decode(pair.substring(equals + 1)) != null ? null : "its value";
      if (fault != null) {
        found.add(new FieldProblem(name == null ? rawName : name, fault + " is not percent-encoded UTF-8: a '%' must"
            + " start a %XX escape of UTF-8 bytes; send a literal '%' as %25"));
      }
    }
    return found;
  }

  /** {@code application/x-www-form-urlencoded} decoding that fails instead of guessing; null on failure. */
  private static String decode(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return null;
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean isWildcard(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return false;
    }
    try {
      return !MediaType.parseMediaType(contentType).isConcrete();
    } catch (InvalidMediaTypeException e) {
      return false; // Spring answers an unparsable type with its own 415
    }
  }
}
