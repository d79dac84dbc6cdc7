package com.governedactions.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;

/** The application's registry, or one that records nothing where there is none (plain tests). */
public final class MeterRegistries {
  private MeterRegistries() {}

  public static MeterRegistry orNoop(ObjectProvider<MeterRegistry> registry) {
    return registry.getIfAvailable(CompositeMeterRegistry::new);
  }
}
