package com.governedactions.api.codec;

import static com.governedactions.api.codec.CodecControllerTest.base64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Dev mode: the Temporal UI of the dev stack has no login, so its browser decodes without a token,
 * from the UI's own origin and for decode only. Every other tokenless call is still a 401.
 */
@WebMvcTest(CodecController.class)
@TestPropertySource(properties = {
    "governed.codec.allowed-origins=http://localhost:8233", "governed.dev-mode=true",
    "governed.temporal.target=localhost:7233"})
@ExtendWith(OutputCaptureExtension.class)
class CodecDevModeAccessTest {
  private static final String UI = "http://localhost:8233";
  private static final AesGcmPayloadCodec CODEC = AesGcmPayloadCodec.devOnly();
  private static final Payload PLAIN = json("{\"orderId\":\"A-1001\",\"amount\":\"89.50\"}");
  private static final String SECRET = base64("{\"orderId\":\"A-1001\",\"amount\":\"89.50\"}");

  @Autowired MockMvc mvc;

  @TestConfiguration
  static class Beans {
    @Bean
    AesGcmPayloadCodec codec() {
      return CODEC;
    }

    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(Map.of("alice-token", "alice"),
          List.of(new PrincipalInfo("alice", true, true, List.of("SUPERVISOR"))));
    }
  }

  @Test
  void given_devModeAndTheUisOrigin_when_decodingWithoutToken_then_decodedAndLoggedWithWhoAndOrigin(CapturedOutput log)
      throws Exception {
    String answer = mvc.perform(decode().header("Origin", UI))
        .andExpect(status().isOk())
        .andExpect(header().string("Access-Control-Allow-Origin", UI))
        .andReturn().getResponse().getContentAsString();

    Payloads.Builder decoded = Payloads.newBuilder();
    JsonFormat.parser().merge(answer, decoded);
    assertThat(decoded.getPayloadsList()).containsExactly(PLAIN);
    assertThat(log.getOut())
        .contains("Principal '" + DevModeCodecAccess.PRINCIPAL_ID + "' decoded Temporal payloads (origin " + UI + ")");
  }

  @Test
  void given_devModeAndAnotherOrigin_when_decodingWithoutToken_then_401AndTheLogSaysWhichOriginsMay(CapturedOutput log)
      throws Exception {
    mvc.perform(decode().header("Origin", "http://127.0.0.1:8233"))
        .andExpect(status().isUnauthorized())
        .andExpect(content().string(not(containsString(SECRET))));

    assertThat(log.getOut())
        .contains("Refused a decode without a token from origin 'http://127.0.0.1:8233'")
        .contains("governed.codec.allowed-origins [" + UI + "]")
        .doesNotContain("decoded Temporal payloads");
  }

  @Test
  void given_devModeAndNoOrigin_when_decodingWithoutToken_then_401() throws Exception {
    // curl and other non-browser clients send no Origin: they use a token like everyone else
    mvc.perform(decode())
        .andExpect(status().isUnauthorized())
        .andExpect(content().string(not(containsString(SECRET))));
  }

  @Test
  void given_devModeAndTheUisOrigin_when_encodingWithoutToken_then_401() throws Exception {
    mvc.perform(post("/api/v1/codec/encode").contentType(MediaType.APPLICATION_JSON)
            .content(payloadsJson(List.of(PLAIN))).header("Origin", UI))
        .andExpect(status().isUnauthorized());
  }

  @Test
  void given_devModeAndTheUisOrigin_when_aNonOperatorTokenIsSent_then_theTokenDecidesAnd403() throws Exception {
    mvc.perform(decode().header("Origin", UI).header("Authorization", "Bearer alice-token"))
        .andExpect(status().isForbidden())
        .andExpect(jsonPath("$.detail").value(containsString("OPERATOR")));
    mvc.perform(decode().header("Origin", UI).header("Authorization", "Bearer not-a-token"))
        .andExpect(status().isUnauthorized());
  }

  private static MockHttpServletRequestBuilder decode() throws Exception {
    return post("/api/v1/codec/decode").contentType(MediaType.APPLICATION_JSON)
        .content(payloadsJson(CODEC.encode(List.of(PLAIN)))).header("X-Namespace", "default");
  }

  private static Payload json(String text) {
    return Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text)).build();
  }

  private static String payloadsJson(List<Payload> payloads) throws Exception {
    return JsonFormat.printer().print(Payloads.newBuilder().addAllPayloads(payloads).build());
  }
}
