package com.governedactions.directory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Builds the {@link PrincipalDirectory} from {@code governed.security.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DirectoryProperties.class)
class DirectoryConfiguration {

  /** Set by dev/run: the one-command local stack on the Temporal dev server. */
  static final String DEV_MODE = "governed.dev-mode";
  /** Without governed.dev-mode, dev mode is "no Temporal cluster configured": the embedded fallback. */
  static final String TEMPORAL_TARGET = "governed.temporal.target";

  @Bean
  PrincipalDirectory principalDirectory(DirectoryProperties properties, Environment environment) {
    return PrincipalDirectory.from(properties, isDevMode(environment));
  }

  @Bean
  DemoTokenBanner demoTokenBanner(PrincipalDirectory directory, Environment environment) {
    return new DemoTokenBanner(directory, environment);
  }

  static boolean isDevMode(Environment environment) {
    Boolean devMode = environment.getProperty(DEV_MODE, Boolean.class);
    if (devMode != null) {
      return devMode;
    }
    String target = environment.getProperty(TEMPORAL_TARGET);
    return target == null || target.isBlank();
  }
}
