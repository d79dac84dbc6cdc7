package com.governedactions.api;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error becomes an RFC 9457 problem with a type URI under
 * {@code https://governed-actions.dev/problems/}: our own refusals ({@link ApiProblem}), Spring
 * MVC's (unknown route, wrong method, wrong media type), unreadable JSON, and, last, anything
 * unexpected, which is logged and answered with a 500 that reveals nothing internal.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
  private static final URI ABOUT_BLANK = URI.create("about:blank");

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<ProblemDetail> refused(ApiProblem problem) {
    return ResponseEntity.status(problem.status()).body(problem.toProblemDetail());
  }

  /**
   * Spring Security's firewall checks parameter names only when the request's parameters are read,
   * which is inside a controller, so its refusal reaches here rather than its RequestRejectedHandler.
   */
  @ExceptionHandler(RequestRejectedException.class)
  ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
    ApiProblem problem = new ApiProblem(HttpStatus.BAD_REQUEST, "bad-request", "Bad Request",
        "A query parameter name or value holds a control character or an unassigned character. Send only the"
            + " parameters the endpoint documents, percent-encoded UTF-8; nothing was read or changed.");
    return ResponseEntity.status(problem.status()).body(problem.toProblemDetail());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
    log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
    ApiProblem problem =
        new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
            "The service failed to handle this request; the failure is logged. Repeating the request is safe.");
    return ResponseEntity.status(problem.status()).body(problem.toProblemDetail());
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ApiProblem problem = JsonProblems.describe(e);
    return handleExceptionInternal(e, problem.toProblemDetail(), headers, problem.status(), request);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String name = e.getPropertyName() == null ? "a parameter" : "'" + e.getPropertyName() + "'";
    String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
    ApiProblem problem = ApiProblem.badRequest("wrong-type", "Wrong parameter type",
        "Parameter " + name + " has value '" + e.getValue() + "', which is not a " + expected + ".",
        List.of());
    return handleExceptionInternal(e, problem.toProblemDetail(), headers, problem.status(), request);
  }

  /**
   * The policy PUT reads its own Content-Type ({@code PolicyController}); every other body under
   * {@code /api} is JSON, so each 415 says exactly that instead of Spring's "is not supported".
   */
  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
      HttpMediaTypeNotSupportedException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    MediaType sent = e.getContentType();
    String got = sent == null ? "the request had no usable Content-Type" : "got Content-Type '" + sent + "'";
    ApiProblem problem = new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
        "Unsupported Media Type", "S" + whatToSend(false).substring(1) + " (" + got + ").");
    HttpHeaders answer = new HttpHeaders();
    answer.setAccept(List.of(MediaType.APPLICATION_JSON));
    return handleExceptionInternal(e, problem.toProblemDetail(), answer, problem.status(), request);
  }

  /** What a 415 asks for, in the words of the policy PUT's own 415. */
  static String whatToSend(boolean policyDocument) {
    return policyDocument
        ? "send the policy document as YAML with Content-Type: application/yaml, or as JSON with Content-Type:"
            + " application/json"
        : "send the body as JSON with Content-Type: application/json";
  }

  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(
      NoResourceFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ApiProblem problem = slackPathWithSlackOff(request)
        ? ApiProblem.notFound("slack-not-enabled", "Slack approvals are not enabled",
            "Slack approvals are not enabled on this service, so it takes no Slack interactions. To enable them,"
                + " set governed.slack.enabled=true with governed.slack.bot-token, governed.slack.signing-secret and"
                + " governed.slack.channel (environment GOVERNED_SLACK_ENABLED, GOVERNED_SLACK_BOT_TOKEN,"
                + " GOVERNED_SLACK_SIGNING_SECRET, GOVERNED_SLACK_CHANNEL) (and map Slack users to principals under governed.slack.users.<Slack user id>=<principal id>), then restart; see"
                + " docs/slack-and-reversal.md.")
        : ApiProblem.notFound("not-found", "Not Found",
            "There is no endpoint " + e.getHttpMethod() + " /" + e.getResourcePath() + ". Check the path.");
    return handleExceptionInternal(e, problem.toProblemDetail(), headers, problem.status(), request);
  }

  /** The Slack controller exists only with governed.slack.enabled=true; without it its path is unmapped. */
  private static boolean slackPathWithSlackOff(WebRequest request) {
    return request instanceof ServletWebRequest servlet && ApiPaths.isSlackSigned(servlet.getRequest());
  }

  /** Spring's own problems come as about:blank; give them a type URI in our namespace too. */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail problem && ABOUT_BLANK.equals(problem.getType())) {
      problem.setType(ApiProblem.type(slug(statusCode)));
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }

  private static String slug(HttpStatusCode status) {
    HttpStatus known = HttpStatus.resolve(status.value());
    if (known == null) {
      return "http-" + status.value();
    }
    return known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
