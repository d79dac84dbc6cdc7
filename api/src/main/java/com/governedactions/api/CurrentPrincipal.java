package com.governedactions.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller parameter of type {@link com.governedactions.action.directory.PrincipalInfo} that
 * receives the caller authenticated by the bearer token. Every request under {@code /api} has one:
 * the filter answers 401 before any controller runs otherwise.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CurrentPrincipal {}
