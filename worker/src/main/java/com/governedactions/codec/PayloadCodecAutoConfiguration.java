package com.governedactions.codec;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.Map;
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
  /** Public in this repository, so it protects nothing: dev mode and tests only. */
  public static final String DEV_KEY_ID = "dev-only-insecure";

  static final String DEV_KEY = "ZGV2LW9ubHkga2V5OiBuZXZlciB1c2UgaW4gcHJvZC4=";
  private static final Logger log = LoggerFactory.getLogger(PayloadCodecAutoConfiguration.class);

  @Bean
  AesGcmPayloadCodec aesGcmPayloadCodec(CodecProperties properties) {
    if (properties.keys().isEmpty()) {
      log.warn("Temporal payloads are encrypted with the dev-only key '{}', which is public. "
          + "Configure governed.codec.keys.<id> (openssl rand -base64 32) and governed.codec.active-key "
          + "outside dev mode.", DEV_KEY_ID);
      return new AesGcmPayloadCodec(Map.of(DEV_KEY_ID, DEV_KEY), DEV_KEY_ID);
    }
    return new AesGcmPayloadCodec(properties.keys(), properties.activeKey());
  }

  /**
   * Failure messages and stack traces are encrypted too: a connector's error can quote the
   * customer's data.
   */
  @Bean
  DataConverter mainDataConverter(AesGcmPayloadCodec codec) {
    return new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(codec), true);
  }
}
