package com.governedactions.samplestore;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Every sample-store bean carries this, so {@code governed.sample-store.enabled=false} removes the
 * whole store (schema, endpoints, fault hooks) from a production process.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Documented
@ConditionalOnProperty(prefix = "governed.sample-store", name = "enabled", havingValue = "true", matchIfMissing = true)
@interface ConditionalOnSampleStore {}
