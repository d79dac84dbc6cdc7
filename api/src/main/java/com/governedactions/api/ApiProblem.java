package com.governedactions.api;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A refusal the API answers with an RFC 9457 problem. Throw it from any controller under
 * {@code /api}; the exception handler turns it into {@code application/problem+json}.
 */
public class ApiProblem extends RuntimeException {
  private static final String TYPE_BASE = "https://governed-actions.dev/problems/";

  private final HttpStatus status;
  private final String slug;
  private final String title;
  private final transient List<FieldProblem> errors;
  private final transient Map<String, Object> properties;

  /**
   * @param slug the last segment of the problem type URI, e.g. {@code wrong-state}
   * @param detail what went wrong for this request and what to do about it
   * @param errors every field that is wrong, or empty
   */
  public ApiProblem(HttpStatus status, String slug, String title, String detail, List<FieldProblem> errors) {
    this(status, slug, title, detail, errors, Map.of());
  }

  private ApiProblem(
      HttpStatus status,
      String slug,
      String title,
      String detail,
      List<FieldProblem> errors,
      Map<String, Object> properties) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.properties = Map.copyOf(properties);
  }

  public ApiProblem(HttpStatus status, String slug, String title, String detail) {
    this(status, slug, title, detail, List.of());
  }

  public static ApiProblem badRequest(String slug, String title, String detail, List<FieldProblem> errors) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, slug, title, detail, errors);
  }

  public static ApiProblem invalid(String slug, String title, String detail, List<FieldProblem> errors) {
    return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, slug, title, detail, errors);
  }

  public static ApiProblem forbidden(String detail) {
    return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed", detail);
  }

  public static ApiProblem notFound(String slug, String title, String detail) {
    return new ApiProblem(HttpStatus.NOT_FOUND, slug, title, detail);
  }

  public static ApiProblem conflict(String slug, String title, String detail) {
    return new ApiProblem(HttpStatus.CONFLICT, slug, title, detail);
  }

  /** The same problem with one more member in its JSON, e.g. the action's current status. */
  public ApiProblem with(String name, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(properties);
    more.put(name, value);
    return new ApiProblem(status, slug, title, getMessage(), errors, more);
  }

  /** The problem type URI for a slug: one namespace for every problem this service reports. */
  public static URI type(String slug) {
    return URI.create(TYPE_BASE + slug);
  }

  public HttpStatus status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public List<FieldProblem> errors() {
    return errors;
  }

  public ProblemDetail toProblemDetail() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
    problem.setType(type(slug));
    problem.setTitle(title);
    properties.forEach(problem::setProperty);
    if (!errors.isEmpty()) {
      problem.setProperty("errors", errors);
    }
    return problem;
  }
}
