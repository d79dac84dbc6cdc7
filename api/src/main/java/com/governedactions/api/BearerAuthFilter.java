package com.governedactions.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.directory.PrincipalDirectory;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request under {@code /api} by its bearer token (RFC 6750), inside the API's
 * Spring Security filter chain ({@link SecurityConfiguration}). That chain runs before the body is
 * read, so an unauthenticated client cannot make the service read a large body. The principal goes
 * into the security context (roles as {@code ROLE_} authorities) and to {@code @CurrentPrincipal}.
 */
class BearerAuthFilter extends OncePerRequestFilter {
  private static final String SCHEME = "Bearer ";

  /**
   * {@code Bearer}, one space, and a token of visible characters: anything else (a folded
   * continuation line, tabs, a second token) is refused rather than trimmed into shape.
   */
  private static final java.util.regex.Pattern WELL_FORMED =
      java.util.regex.Pattern.compile("(?i)bearer [\\x21-\\x7E]+");

  private final PrincipalDirectory directory;
  private final ProblemWriter problems;
  private final List<TokenlessAccess> tokenless;

  BearerAuthFilter(
      PrincipalDirectory directory, ObjectMapper objectMapper, ObjectProvider<TokenlessAccess> tokenless) {
    this.directory = directory;
    this.problems = new ProblemWriter(objectMapper);
    this.tokenless = tokenless.orderedStream().toList();
  }

  /**
   * Slack's interaction callbacks are authenticated by Slack's request signature instead. A CORS
   * preflight carries no credentials by design; Spring MVC answers it from the CORS
   * configuration without running any controller, so letting it through reveals nothing.
   */
  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !ApiPaths.isApi(request)
        || ApiPaths.isSlackSigned(request)
        || CorsUtils.isPreFlightRequest(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    List<String> headers = java.util.Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION));
    if (headers.size() > 1) {
      malformed(request, response, "The request has " + headers.size() + " Authorization headers; send exactly one:"
          + " 'Authorization: Bearer <token>'.");
      return;
    }
    String header = headers.isEmpty() ? null : headers.get(0);
    if (header == null || header.isBlank()) {
      Optional<PrincipalInfo> admitted =
          tokenless.stream().flatMap(rule -> rule.admit(request).stream()).findFirst();
      if (admitted.isPresent()) {
        authenticated(request, admitted.get());
        chain.doFilter(request, response);
        return;
      }
      refuse(request, response, "Bearer realm=\"governed-actions\"",
          "Send the header 'Authorization: Bearer <token>' with a token configured under governed.security.tokens.");
      return;
    }
    if (header.regionMatches(true, 0, SCHEME, 0, SCHEME.length() - 1) && !WELL_FORMED.matcher(header).matches()) {
      malformed(request, response, "The Authorization header is malformed: send 'Bearer', one space and the token,"
          + " on one line, with no other spaces, tabs or line breaks.");
      return;
    }
    if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      refuse(request, response, "Bearer realm=\"governed-actions\", error=\"invalid_request\"",
          "The Authorization header must use the Bearer scheme: 'Authorization: Bearer <token>'.");
      return;
    }
    Optional<PrincipalInfo> principal = directory.byToken(header.substring(SCHEME.length()));
    if (principal.isEmpty()) {
      refuse(request, response, "Bearer realm=\"governed-actions\", error=\"invalid_token\"",
          "The bearer token is not known. Use a token configured under governed.security.tokens.");
      return;
    }
    authenticated(request, principal.get());
    chain.doFilter(request, response);
  }

  private static void authenticated(HttpServletRequest request, PrincipalInfo principal) {
    request.setAttribute(CurrentPrincipalResolver.ATTRIBUTE, principal);
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(PrincipalAuthentication.of(principal));
    SecurityContextHolder.setContext(context);
  }

  /** RFC 6750 section 3.1: a malformed request is a 400 invalid_request, not an unknown token. */
  private void malformed(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"governed-actions\", error=\"invalid_request\"");
    problems.write(request, response,
        new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-authorization", "Malformed Authorization header", detail));
  }

  private void refuse(
      HttpServletRequest request, HttpServletResponse response, String challenge, String detail)
      throws IOException {
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
    problems.write(request, response,
        new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required", detail));
  }
}
