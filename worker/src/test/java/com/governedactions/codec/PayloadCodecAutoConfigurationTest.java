package com.governedactions.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class PayloadCodecAutoConfigurationTest {
  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PayloadCodecAutoConfiguration.class));

  @Test
  void given_noKeys_when_started_then_theDevOnlyKeyEncryptsAndTheStarterGetsTheCodecConverter() {
    context.run(started -> {
      assertThat(started.getBean(AesGcmPayloadCodec.class).activeKeyId()).isEqualTo(AesGcmPayloadCodec.DEV_KEY_ID);
      assertThat(started.getBean("mainDataConverter", DataConverter.class)).isInstanceOf(CodecDataConverter.class);
    });
  }

  @Test
  void given_configuredKeys_when_started_then_theActiveKeyEncrypts() {
    context.withPropertyValues(
            "governed.codec.keys.k2025=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            "governed.codec.keys.k2026=ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=",
            "governed.codec.active-key=k2026")
        .run(started -> assertThat(started.getBean(AesGcmPayloadCodec.class).activeKeyId()).isEqualTo("k2026"));
  }

  @Test
  void given_malformedKey_when_started_then_startFailsNamingTheProperty() {
    context.withPropertyValues("governed.codec.keys.k1=dG9vLXNob3J0")
        .run(started -> assertThat(started.getStartupFailure())
            .hasRootCauseMessage("governed.codec.keys.k1 must be 32 bytes (AES-256) in Base64, is 9 bytes; "
                + "make one with: openssl rand -base64 32"));
  }
}
