package com.governedactions.samplestore;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call the sample store: its refunds and fault hooks act outside governance, so a caller on
 * another host needs the store's own credential ({@code X-Sample-Store-Token} equal to
 * {@code governed.sample-store.token}); a caller on this machine (loopback) is the dev stack's own
 * worker, tests or developer. Runs before the body is read.
 */
@Component
@ConditionalOnSampleStore
@Order(Ordered.HIGHEST_PRECEDENCE + 40)
class SampleStoreAccessFilter extends OncePerRequestFilter {
  static final String TOKEN_HEADER = "X-Sample-Store-Token";
  static final String PREFIX = "/sample-store";

  private final byte[] token;
  private final ObjectMapper objectMapper;

  SampleStoreAccessFilter(@Value("${governed.sample-store.token:}") String token, ObjectMapper objectMapper) {
    this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    this.objectMapper = objectMapper;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !(path.equals(PREFIX) || path.startsWith(PREFIX + "/"));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String presented = request.getHeader(TOKEN_HEADER);
    if (presented != null && !presented.isBlank()) {
      if (token != null && MessageDigest.isEqual(token, presented.strip().getBytes(StandardCharsets.UTF_8))) {
        chain.doFilter(request, response);
        return;
      }
      refuse(request, response, HttpStatus.UNAUTHORIZED, "The " + TOKEN_HEADER + " header does not match"
          + " governed.sample-store.token. Send the token configured for the sample store.");
      return;
    }
    if (isLoopback(request.getRemoteAddr())) {
      chain.doFilter(request, response);
      return;
    }
    refuse(request, response, HttpStatus.FORBIDDEN, "The sample store answers callers on this machine only,"
        + " or those sending its own credential: set governed.sample-store.token (GOVERNED_SAMPLE_STORE_TOKEN) here"
        + " and the same value as governed.connectors.sample-store.token (GOVERNED_CONNECTORS_SAMPLE_STORE_TOKEN)"
        + " in the worker, which sends it as " + TOKEN_HEADER + ".");
  }

  static boolean isLoopback(String address) {
    if (address == null || address.isBlank()) {
      return false;
    }
    try {
      // A literal address from the socket: no name look-up happens here.
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("https://governed-actions.dev/problems/sample-store-"
        + (status == HttpStatus.UNAUTHORIZED ? "bad-token" : "not-allowed")));
    problem.setTitle(status == HttpStatus.UNAUTHORIZED ? "Wrong sample store token" : "Sample store not reachable from here");
    problem.setInstance(URI.create(request.getRequestURI()));
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    objectMapper.writeValue(response.getOutputStream(), problem);
  }
}
