package com.governedactions.directory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Builds the {@link PrincipalDirectory} from {@code governed.security.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DirectoryProperties.class)
class DirectoryConfiguration {

  @Bean
  PrincipalDirectory principalDirectory(DirectoryProperties properties, Environment environment) {
    return PrincipalDirectory.from(properties, DevMode.isOn(environment));
  }

  @Bean
  DemoTokenBanner demoTokenBanner(PrincipalDirectory directory, Environment environment) {
    return new DemoTokenBanner(directory, environment);
  }
}
