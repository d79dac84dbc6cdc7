package com.governedactions.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call an endpoint, as the published OpenAPI description says it (a "Roles:" line and the
 * {@code x-roles} extension). It documents the checks in the code ({@link Roles#requireAny} and the
 * rules next to it); it enforces nothing itself.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CallableBy {
  /** Any one of these roles admits the caller; empty: any authenticated principal. */
  String[] value() default {};

  /** Who else may call it, or what narrows it, in words; empty when the roles say it all. */
  String also() default "";
}
