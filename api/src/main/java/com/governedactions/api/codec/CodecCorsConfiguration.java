package com.governedactions.api.codec;

import com.governedactions.codec.CodecProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The Temporal UI calls the codec endpoint from the operator's browser, on another origin. Only
 * the configured origins ({@code governed.codec.allowed-origins}) may; the bearer token is still
 * required on every call.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CodecProperties.class)
class CodecCorsConfiguration implements WebMvcConfigurer {
  private final CodecProperties properties;

  CodecCorsConfiguration(CodecProperties properties) {
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
}
