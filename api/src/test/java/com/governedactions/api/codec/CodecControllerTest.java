package com.governedactions.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.codec.AesGcmPayloadCodec;
import com.governedactions.directory.PrincipalDirectory;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** Outside dev mode: every call needs an operator's bearer token, whatever its origin. */
@WebMvcTest(CodecController.class)
@TestPropertySource(properties = {
    "governed.codec.allowed-origins=https://temporal-ui.example", "governed.dev-mode=false"})
class CodecControllerTest {
  private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  private static final AesGcmPayloadCodec CODEC = new AesGcmPayloadCodec(Map.of("k1", KEY), null);

  @Autowired MockMvc mvc;

  @TestConfiguration
  static class Beans {
    @Bean
    AesGcmPayloadCodec codec() {
      return CODEC;
    }

    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(
          Map.of("olivia-token", "olivia", "alice-token", "alice"),
          List.of(new PrincipalInfo("olivia", true, true, List.of("OPERATOR")),
              new PrincipalInfo("alice", true, true, List.of("SUPERVISOR"))));
    }
  }

  @Test
  void given_encryptedPayloads_when_operatorDecodes_then_plaintextInTemporalsJsonShape() throws Exception {
    Payload plain = json("{\"customer\":\"Ada\"}");
    String body = payloadsJson(CODEC.encode(List.of(plain, json("\"x\""))));

    String answer = mvc.perform(post("/api/v1/codec/decode").contentType(MediaType.APPLICATION_JSON).content(body)
            .header("Authorization", "Bearer olivia-token").header("X-Namespace", "default"))
        .andExpect(status().isOk())
        .andReturn().getResponse().getContentAsString();

    Payloads.Builder decoded = Payloads.newBuilder();
    JsonFormat.parser().merge(answer, decoded);
    assertThat(decoded.getPayloadsList()).containsExactly(plain, json("\"x\""));
  }

  @Test
  void given_plainPayloads_when_operatorEncodes_then_decodingTheAnswerGivesThemBack() throws Exception {
    Payload plain = json("{\"note\":\"hello\"}");

    String answer = mvc.perform(post("/api/v1/codec/encode").contentType(MediaType.APPLICATION_JSON)
            .content(payloadsJson(List.of(plain))).header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isOk())
        .andReturn().getResponse().getContentAsString();

    Payloads.Builder encoded = Payloads.newBuilder();
    JsonFormat.parser().merge(answer, encoded);
    assertThat(encoded.getPayloads(0).getData().toStringUtf8()).doesNotContain("hello");
    assertThat(CODEC.decode(encoded.getPayloadsList())).containsExactly(plain);
  }

  @Test
  void given_aBodyThatIsNotDeclaredJson_when_decoding_then_415SayingToSendJson() throws Exception {
    String body = payloadsJson(CODEC.encode(List.of(json("\"secret\""))));

    for (MediaType type : List.of(MediaType.TEXT_PLAIN, MediaType.ALL)) {
      mvc.perform(post("/api/v1/codec/decode").contentType(type).content(body)
              .header("Authorization", "Bearer olivia-token"))
          .andExpect(status().isUnsupportedMediaType())
          .andExpect(jsonPath("$.type").value("https://governed-actions.dev/problems/unsupported-media-type"))
          .andExpect(jsonPath("$.detail").value(containsString("Content-Type: application/json")));
    }
  }

  @Test
  void given_noTokenOrNoOperatorRole_when_decoding_then_refusedAndNothingDecoded() throws Exception {
    String body = payloadsJson(CODEC.encode(List.of(json("\"secret\""))));

    mvc.perform(post("/api/v1/codec/decode").contentType(MediaType.APPLICATION_JSON).content(body))
        .andExpect(status().isUnauthorized());
    mvc.perform(post("/api/v1/codec/decode").contentType(MediaType.APPLICATION_JSON).content(body)
            .header("Authorization", "Bearer alice-token"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.detail").value(containsString("OPERATOR")));
  }

  @Test
  void given_noTokenFromTheAllowedOrigin_when_decodingOutsideDevMode_then_401AndNothingDecoded() throws Exception {
    String body = payloadsJson(CODEC.encode(List.of(json("\"secret\""))));

    mvc.perform(post("/api/v1/codec/decode").contentType(MediaType.APPLICATION_JSON).content(body)
            .header("Origin", "https://temporal-ui.example"))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", containsString("Bearer")))
        .andExpect(content().string(not(containsString(base64("\"secret\"")))));
  }

  @Test
  void given_theUisPassedAccessTokenNotConfigured_when_decoding_then_401() throws Exception {
    // "pass access token": the UI sends its OIDC access token; only a configured token is a principal
    String body = payloadsJson(CODEC.encode(List.of(json("\"secret\""))));

    mvc.perform(post("/api/v1/codec/decode").contentType(MediaType.APPLICATION_JSON).content(body)
            .header("Origin", "https://temporal-ui.example").header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig"))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", containsString("invalid_token")));
  }

  @Test
  void given_theUisPassedAccessTokenConfiguredForAnOperator_when_decodingFromTheAllowedOrigin_then_decodedWithCors()
      throws Exception {
    Payload plain = json("{\"orderId\":\"A-1001\"}");

    mvc.perform(post("/api/v1/codec/decode").contentType(MediaType.APPLICATION_JSON)
            .content(payloadsJson(CODEC.encode(List.of(plain))))
            .header("Origin", "https://temporal-ui.example").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isOk())
        .andExpect(header().string("Access-Control-Allow-Origin", "https://temporal-ui.example"))
        .andExpect(jsonPath("$.payloads[0].data").value(base64("{\"orderId\":\"A-1001\"}")));
  }

  @Test
  void given_anOperatorTokenFromAnotherOrigin_when_decoding_then_refusedByCors() throws Exception {
    mvc.perform(post("/api/v1/codec/decode").contentType(MediaType.APPLICATION_JSON)
            .content(payloadsJson(CODEC.encode(List.of(json("\"secret\"")))))
            .header("Origin", "https://evil.example").header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isForbidden())
        .andExpect(header().doesNotExist("Access-Control-Allow-Origin"))
        .andExpect(content().string(not(containsString(base64("\"secret\"")))));
  }

  @Test
  void given_malformedBodyOrUnknownKey_when_decoding_then_problemSaysWhatIsWrong() throws Exception {
    mvc.perform(post("/api/v1/codec/decode").contentType(MediaType.APPLICATION_JSON).content("{\"payload\": []}")
            .header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(containsString("remote codec protocol")));

    AesGcmPayloadCodec other = new AesGcmPayloadCodec(Map.of("retired", KEY), null);
    mvc.perform(post("/api/v1/codec/decode").contentType(MediaType.APPLICATION_JSON)
            .content(payloadsJson(other.encode(List.of(json("\"x\""))))).header("Authorization", "Bearer olivia-token"))
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.detail").value(containsString("'retired'")));
  }

  @Test
  void given_preflightFromTheTemporalUi_when_sent_then_allowedWithoutToken() throws Exception {
    mvc.perform(options("/api/v1/codec/decode").header("Origin", "https://temporal-ui.example")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization,content-type,x-namespace"))
        .andExpect(status().isOk())
        .andExpect(header().string("Access-Control-Allow-Origin", "https://temporal-ui.example"))
        .andExpect(header().string("Access-Control-Allow-Credentials", "true"));
  }

  @Test
  void given_preflightFromAnotherOrigin_when_sent_then_refused() throws Exception {
    mvc.perform(options("/api/v1/codec/decode").header("Origin", "https://evil.example")
            .header("Access-Control-Request-Method", "POST"))
        .andExpect(status().isForbidden())
        .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
  }

  private static Payload json(String text) {
    return Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text)).build();
  }

  /** How a decoded payload's data appears in the protocol's JSON. */
  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String payloadsJson(List<Payload> payloads) throws Exception {
    return JsonFormat.printer().print(Payloads.newBuilder().addAllPayloads(payloads).build());
  }
}
