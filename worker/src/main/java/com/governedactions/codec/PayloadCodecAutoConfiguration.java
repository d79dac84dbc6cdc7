package com.governedactions.codec;

import io.temporal.common.converter.DataConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * One data converter for every Temporal client and worker in the process: the worker module's, so
 * the worker process and the API (which depends on it) encrypt and decrypt alike. The Temporal
 * Spring Boot starter uses a {@link DataConverter} bean named {@code mainDataConverter}.
 */
@AutoConfiguration
@EnableConfigurationProperties(CodecProperties.class)
public class PayloadCodecAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(PayloadCodecAutoConfiguration.class);

  @Bean
  AesGcmPayloadCodec aesGcmPayloadCodec(CodecProperties properties) {
    if (properties.keys().isEmpty()) {
      log.warn("Temporal payloads are encrypted with the dev-only key '{}', which is public. "
          + "Configure governed.codec.keys.<id> (openssl rand -base64 32) and governed.codec.active-key "
          + "outside dev mode.", AesGcmPayloadCodec.DEV_KEY_ID);
      return AesGcmPayloadCodec.devOnly();
    }
    return new AesGcmPayloadCodec(properties.keys(), properties.activeKey());
  }

  @Bean
  DataConverter mainDataConverter(AesGcmPayloadCodec codec) {
    return codec.dataConverter();
  }
}
