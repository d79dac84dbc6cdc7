package com.governedactions.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem statuses an endpoint answers beyond those every {@code /api} endpoint may answer (400
 * for a malformed request line or Authorization header, 401, 503; and 413, 415 where it takes a
 * body), for the published OpenAPI description. Each becomes an {@code application/problem+json}
 * response.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ProblemStatuses {
  int[] value();
}
