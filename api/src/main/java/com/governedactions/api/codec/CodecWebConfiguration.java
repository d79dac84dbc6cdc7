package com.governedactions.api.codec;

import com.governedactions.codec.CodecProperties;
import com.governedactions.directory.DevMode;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The Temporal UI calls the codec endpoint from the operator's browser, on another origin. Only
 * the configured origins ({@code governed.codec.allowed-origins}) may; the bearer token is still
 * required on every call, except for {@link DevModeCodecAccess}'s decodes in dev mode.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CodecProperties.class)
class CodecWebConfiguration implements WebMvcConfigurer {
  private final CodecProperties properties;

  CodecWebConfiguration(CodecProperties properties) {
    this.properties = properties;
  }

  @Override
  public void addCorsMappings(CorsRegistry registry) {
    registry.addMapping(CodecController.PREFIX + "/**")
        .allowedOrigins(properties.allowedOrigins().toArray(String[]::new))
        .allowedMethods("POST")
        .allowedHeaders("Authorization", "Content-Type", "X-Namespace")
        .allowCredentials(true)
        .maxAge(3600);
  }

  @Bean
  DevModeCodecAccess devModeCodecAccess(Environment environment) {
    return new DevModeCodecAccess(DevMode.isOn(environment), properties.allowedOrigins());
  }
}
