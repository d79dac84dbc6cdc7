package com.governedactions.api.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.governedactions.action.directory.PrincipalInfo;
import com.governedactions.audit.ActionListRepository;
import com.governedactions.directory.PrincipalDirectory;
import com.governedactions.policy.ActionCatalog;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.HttpEncodingAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.MultipartAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The action endpoints behind a real Tomcat, for what MockMvc cannot show: how Tomcat itself
 * parses the Content-Type header and the query string before Spring sees the request.
 */
@SpringBootTest(classes = ActionApiOnTomcatTest.WebOnly.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActionApiOnTomcatTest {
  private static final String PROBLEMS = "https://governed-actions.dev/problems/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The API's own web layer (filters, exception handler, strict JSON) and the action controller only. */
  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    // as in the service: it sets the request encoding, and with it Spring fails on a */* Content-Type
    HttpEncodingAutoConfiguration.class,
    ServletWebServerFactoryAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    ErrorMvcAutoConfiguration.class,
    // as in the service: a multipart Content-Type is parsed before any controller when it is on
    MultipartAutoConfiguration.class
  })
  @ComponentScan(
      basePackages = "com.governedactions.api",
      useDefaultFilters = false,
      includeFilters =
          @ComponentScan.Filter(
              type = FilterType.REGEX,
              pattern = "com\\.governedactions\\.api\\.(ApiExceptionHandler|ApiWebConfiguration|BearerAuthFilter"
                  + "|BodySizeLimitFilter|RequestSyntaxFilter|TomcatErrorPages|action\\.ActionController"
                  + "|action\\.ActionRequestFactory)"))
  static class WebOnly {
    @Bean
    PrincipalDirectory principalDirectory() {
      return new PrincipalDirectory(
          Map.of("chat-token", "chat-backend", "olivia-token", "olivia"),
          List.of(
              new PrincipalInfo("chat-backend", true, false, List.of("CHAT_BACKEND")),
              new PrincipalInfo("olivia", true, true, List.of("OPERATOR"))));
    }
  }

  @LocalServerPort int port;
  @MockitoBean ActionService actions;
  @MockitoBean ActionCatalog catalog;
  @MockitoBean ActionListRepository list;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void given_wildcardContentType_when_submitting_then_415SayingToSendJson() throws Exception {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(uri("/api/v1/actions"))
            .header("Authorization", "Bearer chat-token")
            .header("Content-Type", "*/*")
            .POST(HttpRequest.BodyPublishers.ofString("{\"requestId\": \"r-1\"}")));

    assertThat(response.statusCode()).isEqualTo(415);
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("type").asText()).isEqualTo(PROBLEMS + "unsupported-media-type");
    assertThat(problem.path("detail").asText()).contains("Content-Type: application/json");
    verifyNoInteractions(actions, catalog);
  }

  @Test
  void given_cursorThatIsNotPercentEncoded_when_listing_then_400OnTheCursorInsteadOfTomcatDroppingIt() throws Exception {
    // java.net.URI refuses "%%%", so the request goes out as raw bytes, as curl would send it.
    RawResponse response = rawGet("/api/v1/actions?cursor=%%%", "olivia-token");

    assertThat(response.status()).isEqualTo(400);
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("type").asText()).isEqualTo(PROBLEMS + "bad-query-parameter");
    assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("cursor");
    verifyNoInteractions(list);
  }

  @Test
  void given_percentEncodedNulInAFilter_when_listing_then_400NamingTheParameter() throws Exception {
    RawResponse response = rawGet("/api/v1/actions?conversationId=%00", "olivia-token");

    assertThat(response.status()).isEqualTo(400);
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("conversationId");
    assertThat(problem.path("errors").get(0).path("detail").asText()).contains("NUL");
    verifyNoInteractions(list);
  }

  /** The API takes no multipart bodies; a multipart type without a boundary was a 500 (the contract test found it). */
  @Test
  void given_multipartContentTypeWithoutBoundary_when_submitting_then_415SayingToSendJson() throws Exception {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(uri("/api/v1/actions"))
            .header("Authorization", "Bearer chat-token")
            .header("Content-Type", "multipart/form-data")
            .POST(HttpRequest.BodyPublishers.ofString("{}")));

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(JSON.readTree(response.body()).path("detail").asText()).contains("Content-Type: application/json");
    verifyNoInteractions(actions, catalog);
  }

  @Test
  void given_multipartContentTypeOnAGet_when_listing_then_theQueryIsJudgedAsWithoutIt() throws Exception {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(uri("/api/v1/actions?limit=0"))
            .header("Authorization", "Bearer olivia-token")
            .header("Content-Type", "multipart/form-data")
            .GET());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("errors").get(0).path("field").asText()).isEqualTo("limit");
    verifyNoInteractions(list);
  }

  /** Refused by Tomcat before any servlet runs; the answer is still a problem, not Tomcat's HTML page. */
  @Test
  void given_pathsAndRequestLinesTomcatRefuses_when_sent_then_400AsProblemJson() throws Exception {
    for (String target : List.of("/api/v1/actions/action-%00", "/api/v1/actions/action-a%00b",
        "/api/v1/actions/action-..%2F..%2Fetc", "/api/v1/actions?conversationId=" + "%C3%A9".repeat(2_000))) {
      RawResponse response = rawGet(target, "olivia-token");

      assertThat(response.status()).as(target).isEqualTo(400);
      JsonNode problem = JSON.readTree(response.body());
      assertThat(problem.path("type").asText()).as(target).isEqualTo(PROBLEMS + "bad-request");
      assertThat(problem.path("detail").asText()).as(target).contains("Percent-encode");
    }
    verifyNoInteractions(actions, list);
  }

  private record RawResponse(int status, String body) {}

  private RawResponse rawGet(String target, String token) throws Exception {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      String request = "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
          + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
      String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      // Tomcat chunks an answer of unknown length: keep the JSON between the chunk sizes.
      int start = body.indexOf('{');
      return new RawResponse(status, start < 0 ? body : body.substring(start, body.lastIndexOf('}') + 1));
    }
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
