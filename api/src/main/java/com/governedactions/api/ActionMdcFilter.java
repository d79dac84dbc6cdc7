package com.governedactions.api;

import com.governedactions.observability.ActionMdc;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Names the action in the MDC ({@code actionId}, {@code workflowId}, {@code requestId}) for every
 * line logged while a request about it is handled: {@code /api/v1/actions/{actionId}} and below
 * (docs/operations.md). A submission names its action once its body is read ({@code
 * action.ActionMdcBodyAdvice}); this filter takes the fields away again when the request is done.
 * Runs before authentication, so a refused request's lines carry them too. An id that is no valid
 * action id is not logged as one.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 40)
class ActionMdcFilter extends OncePerRequestFilter {
  private static final UrlPathHelper PATHS = new UrlPathHelper();
  private static final Pattern ACTION_PATH = Pattern.compile("/api/v1/actions/([^/]+)(/.*)?");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Matcher path = ACTION_PATH.matcher(PATHS.getPathWithinApplication(request));
    String actionId = path.matches() && ActionMdc.requestIdOf(path.group(1)) != null ? path.group(1) : null;
    try (ActionMdc.Scope ignored = actionId == null ? ActionMdc.none() : ActionMdc.enter(actionId)) {
      chain.doFilter(request, response);
    }
  }
}
