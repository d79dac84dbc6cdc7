package com.governedactions.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** Writes a problem straight to the response, for filters that answer before any controller runs. */
final class ProblemWriter {
  private final ObjectMapper objectMapper;

  ProblemWriter(ObjectMapper objectMapper) {
    this.objectMapper = objectMapper;
  }

  void write(HttpServletRequest request, HttpServletResponse response, ApiProblem problem)
      throws IOException {
    ProblemDetail body = problem.toProblemDetail();
    body.setInstance(URI.create(request.getRequestURI()));
    response.setStatus(problem.status().value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    objectMapper.writeValue(response.getOutputStream(), body);
  }
}
