package com.governedactions.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code governed-defaults.yml} below every other property source. Both the one-command
 * service and the worker process get the same defaults this way, without a second {@code
 * application.yml} on the classpath shadowing the first.
 */
class GovernedDefaults implements EnvironmentPostProcessor, Ordered {
  static final String RESOURCE = "governed-defaults.yml";
  /** After application.yml and its imports are in place, before the Temporal settings are derived. */
  static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    ClassPathResource defaults = new ClassPathResource(RESOURCE, GovernedDefaults.class.getClassLoader());
    try {
      new YamlPropertySourceLoader()
          .load("governedDefaults", defaults)
          .forEach(environment.getPropertySources()::addLast);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + " from the worker module", e);
    }
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
