package com.governedactions.samplestore;

import com.governedactions.directory.DevMode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Every sample-store bean carries this: the store (schema, endpoints, fault hooks) exists only when
 * {@code governed.sample-store.enabled} is true, and that defaults to dev mode. It is a demo shop
 * whose refunds bypass governance, so a production process never serves it by accident.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Documented
@Conditional(ConditionalOnSampleStore.Enabled.class)
@interface ConditionalOnSampleStore {
  String ENABLED = "governed.sample-store.enabled";

  /** {@code governed.sample-store.enabled} when set, else whether dev mode is on. */
  final class Enabled implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Boolean enabled = context.getEnvironment().getProperty(ENABLED, Boolean.class);
      return enabled != null ? enabled : DevMode.isOn(context.getEnvironment());
    }
  }
}
